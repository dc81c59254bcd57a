//! Packets: each audience's briefs, aggregated only from the notes that
//! audience may receive.
//!
//! Notes are filtered *before* aggregation, so every figure — leverage,
//! mechanisms, watch items, sources, scenarios, the bottom line, the as-of
//! date and the marking — comes from releasable notes alone, and no renderer
//! is ever handed a withheld note. `pipeline::packet` builds a packet from
//! these rules.

use std::sync::Arc;

use crate::config::{Config, PacketConfig};
use crate::diag::Diagnostic;
use crate::model::{Brief, EmptyBrief, Packet};
use crate::note::Note;

/// A packet and the warnings met assembling it.
#[derive(Debug, Clone)]
pub struct Assembled {
    /// The packet, briefs in brief.yaml order.
    pub packet: Packet,
    /// Warnings from aggregating its briefs and one per brief left empty.
    pub diagnostics: Vec<Diagnostic>,
}

/// The notes of `brief` that an audience cleared to `packet.audience` may
/// see: at or below its marking, and reviewed (packets are for
/// distribution, so a draft never goes out in one).
pub(crate) fn releasable<'n>(
    notes: &'n [Note],
    brief: &str,
    packet: &PacketConfig,
) -> Vec<&'n Note> {
    cleared(notes, brief, packet)
        .filter(|note| !note.is_draft())
        .collect()
}

/// How many notes of `brief` the audience is cleared for but may not see
/// yet because they await review. (Drafts above its marking are withheld
/// for the marking and not counted: the packet says nothing of them.)
pub(crate) fn drafts_held(notes: &[Note], brief: &str, packet: &PacketConfig) -> usize {
    cleared(notes, brief, packet)
        .filter(|note| note.is_draft())
        .count()
}

fn cleared<'n, 'a>(
    notes: &'n [Note],
    brief: &'a str,
    packet: &'a PacketConfig,
) -> impl Iterator<Item = &'n Note> + use<'n, 'a> {
    notes
        .iter()
        .filter(move |note| note.brief == brief && note.marking.releasable_to(packet.audience))
}

/// One brief of a packet, aggregated from the notes its audience may see.
#[derive(Debug, Clone)]
pub enum Member {
    /// The brief as this audience sees it, with the warnings met on the way.
    Brief {
        brief: Arc<Brief>,
        diagnostics: Vec<Diagnostic>,
        drafts_left_out: usize,
    },
    /// Nothing in the brief is releasable to the audience.
    Empty {
        empty: EmptyBrief,
        warning: Diagnostic,
        drafts_left_out: usize,
    },
}

/// The packet made of `members`, in the order brief.yaml lists them.
pub(crate) fn collect(
    name: &str,
    packet: &PacketConfig,
    config: &Config,
    members: Vec<Member>,
) -> Assembled {
    let mut briefs = Vec::new();
    let mut empty = Vec::new();
    let mut diagnostics = Vec::new();
    let mut drafts_left_out = 0;
    for member in members {
        match member {
            Member::Brief {
                brief,
                diagnostics: found,
                drafts_left_out: drafts,
            } => {
                diagnostics.extend(found);
                briefs.push(brief);
                drafts_left_out += drafts;
            }
            Member::Empty {
                empty: e,
                warning,
                drafts_left_out: drafts,
            } => {
                diagnostics.push(warning);
                empty.push(e);
                drafts_left_out += drafts;
            }
        }
    }
    let marking = briefs.iter().map(|b| b.marking).max().unwrap_or_default();
    let as_of = briefs.iter().map(|b| b.as_of).max();
    Assembled {
        packet: Packet {
            name: name.to_owned(),
            title: packet.title.clone().unwrap_or_else(|| name.to_owned()),
            organization: config.organization.clone(),
            audience: packet.audience,
            marking,
            as_of,
            briefs,
            empty,
            drafts_left_out,
        },
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::note::NoteFile;
    use crate::vocab::Marking;

    fn note(path: &str, marking: &str, leverage: i8) -> Note {
        let text = format!(
            "---\ntitle: {path}\ndate: 2026-11-{day:02}\nmarking: {marking}\nactors:\n  - name: Iran\n    leverage: {leverage}\n    stakes: 3\n---\nBody of {path}.\n",
            day = 10 + leverage.unsigned_abs()
        );
        let file = NoteFile {
            path: PathBuf::from(path),
            folder: Some("talks".into()),
        };
        crate::note::check(&file, Arc::from(text), &config())
            .note
            .expect("valid")
    }

    fn config() -> Config {
        // Both are declared, so one without notes is an empty brief, not an
        // entry naming none.
        let text = "title: T\nbriefs:\n  talks: {}\n  other: { title: Other }\n";
        crate::config::parse(std::path::Path::new("brief.yaml"), &Arc::from(text))
            .config
            .unwrap()
    }

    fn packet(audience: Marking) -> PacketConfig {
        PacketConfig {
            title: None,
            audience,
            briefs: vec!["talks".into(), "other".into()],
            since: None,
            window_days: None,
            brief_spans: Vec::new(),
        }
    }

    #[test]
    fn amber_strict_reaches_only_amber_strict_and_red_audiences() {
        let notes = vec![note("a.md", "TLP:AMBER+STRICT", 1)];
        assert!(releasable(&notes, "talks", &packet(Marking::Amber)).is_empty());
        assert_eq!(
            releasable(&notes, "talks", &packet(Marking::AmberStrict)).len(),
            1
        );
        assert_eq!(releasable(&notes, "talks", &packet(Marking::Red)).len(), 1);
    }

    #[test]
    fn figures_come_from_releasable_notes_only() {
        let notes = vec![note("a.md", "TLP:GREEN", 1), note("b.md", "TLP:RED", 5)];
        let green = crate::pipeline::packet(
            "p",
            &packet(Marking::Green),
            &notes,
            &config(),
            Default::default(),
        )
        .packet;
        assert_eq!(green.briefs.len(), 1);
        let brief = &green.briefs[0];
        assert_eq!(
            brief.actors[0].leverage, 1.0,
            "the RED note's score is not averaged in"
        );
        assert_eq!(brief.notes.len(), 1);
        assert_eq!(
            brief.as_of.to_string(),
            "2026-11-11",
            "as-of from releasable notes"
        );
        assert_eq!(green.marking, Marking::Green);
        assert_eq!(green.empty.len(), 1, "`other` has no notes");
        let red = crate::pipeline::packet(
            "p",
            &packet(Marking::Red),
            &notes,
            &config(),
            Default::default(),
        )
        .packet;
        assert_eq!(red.marking, Marking::Red);
        assert_eq!(red.briefs[0].notes.len(), 2);
    }

    #[test]
    fn an_empty_brief_warns() {
        let assembled = crate::pipeline::packet(
            "p",
            &packet(Marking::Clear),
            &[],
            &config(),
            Default::default(),
        );
        assert_eq!(assembled.packet.empty.len(), 2);
        assert_eq!(assembled.diagnostics.len(), 2);
        assert!(
            assembled.diagnostics[0]
                .message
                .contains("no notes releasable to TLP:CLEAR")
        );
    }
}
