//! The read-only view of a brief that `brief.html` and
//! `partials/packet_brief.html` print: the model's values formatted, note
//! markdown turned into safe HTML, chart geometry computed.

mod analysis;
mod changes;
mod note;

use std::collections::BTreeMap;

use serde::Serialize;

use self::analysis::{JudgmentsView, MatrixView};
use self::changes::ChangesView;
use self::note::{NoteView, endnotes_prefix};
use super::site::Site;
use super::svg::{Chart, Sparkline, TimelineChart};
use crate::model::{ActorScore, BottomLine, Brief, NamedFigure, NoteRef, Source};
use crate::render::format::{
    ADMIRALTY_KEY, AGAINST_EVIDENCE, MATRIX_KEY, admiralty_meaning, draft_notice, fixed2,
    long_date, next_due_words, note_count, org_title_line, signed2, source_summary, stakes_order,
};
use crate::render::markdown::{clean_url, to_html_linked};
use crate::vocab::SectionKind;

/// Everything `brief.html` reads.
#[derive(Debug, Serialize)]
pub(crate) struct BriefView {
    /// Prefix of every id in the brief: empty on its own page, `<slug>--`
    /// inside a packet, so ids stay unique.
    p: String,
    /// What names a landmark of this brief apart from the same landmark of
    /// another brief in the page: empty on its own page, ` — <title>`
    /// inside a packet (so "Sources — U.S.–Iran talks").
    of: String,
    /// `<title> — <marking>`, the page's `<title>`.
    pub(crate) page_title: String,
    workspace_title: String,
    organization: Option<String>,
    /// `org · workspace title`, the line above the brief's title, for a
    /// template that prints it whole rather than from the two fields.
    org_title_line: String,
    marking: &'static str,
    marking_colour: &'static str,
    contested_range: u8,
    brief: BriefHeader,
    /// The DRAFT notice, when a note awaits review.
    draft: Option<String>,
    judgments: Option<JudgmentsView>,
    bottom_line: BottomLineView,
    actors: Vec<ActorView>,
    stakes: Vec<StakesView>,
    chart: Chart,
    changes: Option<ChangesView>,
    timeline: Option<TimelineChart>,
    mechanisms: Vec<MechanismView>,
    watch: Vec<WatchView>,
    scenarios: Vec<ScenarioView>,
    matrix: Option<MatrixView>,
    /// The matrix's caption (what ▲ and ▼ mean).
    matrix_key: &'static str,
    sources: Vec<SourceView>,
    /// What the brief rests on, in one sentence.
    source_summary: String,
    /// The caption of the sources table ([`ADMIRALTY_KEY`]).
    admiralty_key: &'static str,
    sections: BTreeMap<&'static str, SectionView>,
    notes: Vec<NoteView>,
}

#[derive(Debug, Serialize)]
struct BriefHeader {
    slug: String,
    title: String,
    summary: Option<String>,
    as_of: String,
    as_of_text: String,
    note_count_text: String,
    /// What a windowed brief is built over, in words.
    window_text: Option<String>,
}

#[derive(Debug, Serialize)]
struct Figure {
    name: String,
    value: String,
}

#[derive(Debug, Serialize)]
struct NextDueView {
    /// `Next due: ` or `Overdue: `.
    label: &'static str,
    indicator: String,
    /// ` by ` or `, due `.
    joint: &'static str,
    due: String,
    due_text: String,
}

#[derive(Debug, Serialize)]
struct BottomLineView {
    top_gainer: Option<Figure>,
    dominant_mechanism: Option<Figure>,
    highest_stakes: Option<Figure>,
    next_due: Option<NextDueView>,
}

#[derive(Debug, Serialize)]
struct ActorView {
    name: String,
    leverage: String,
    /// `gain`, `loss` or `` (zero): the figure's colour.
    leverage_class: &'static str,
    stakes: String,
    range: u8,
    contested: bool,
    trend: &'static str,
    trend_arrow: &'static str,
    notes: usize,
    spark: Option<Sparkline>,
}

#[derive(Debug, Serialize)]
struct StakesView {
    name: String,
    stakes: String,
}

#[derive(Debug, Serialize)]
struct MechanismView {
    name: String,
    weight: String,
    actors: String,
}

#[derive(Debug, Serialize)]
struct WatchView {
    indicator: String,
    due: Option<String>,
    status: &'static str,
    overdue: bool,
    notes: usize,
}

#[derive(Debug, Serialize)]
struct ScenarioView {
    name: String,
    likelihood: String,
    /// The flag when observed indicators run against the estimate.
    against: Option<&'static str>,
    note_title: String,
    anchor: String,
    estimates: usize,
}

#[derive(Debug, Serialize)]
struct SourceView {
    title: String,
    url: Option<String>,
    code: String,
    meaning: String,
    notes: Vec<NoteLink>,
}

#[derive(Debug, Serialize)]
struct NoteLink {
    title: String,
    anchor: String,
}

#[derive(Debug, Serialize)]
struct SectionView {
    passages: Vec<PassageView>,
}

#[derive(Debug, Serialize)]
struct PassageView {
    title: String,
    date: String,
    confidence: &'static str,
    anchor: String,
    html: String,
}

impl BriefView {
    /// The view of `brief`, every id prefixed with `p`.
    pub(crate) fn new(brief: &Brief, site: &Site, p: &str) -> Self {
        let brief = &crate::render::display::brief(brief);
        let of = if p.is_empty() {
            String::new()
        } else {
            format!(" — {}", brief.title)
        };
        let of = of.as_str();
        let names = note_names(brief);
        BriefView {
            p: p.to_owned(),
            of: of.to_owned(),
            page_title: format!(
                "{}{} — {}",
                if brief.is_draft() { "DRAFT: " } else { "" },
                brief.title,
                brief.marking.label()
            ),
            workspace_title: site.title.clone(),
            organization: site.organization.clone(),
            org_title_line: org_title_line(site.organization.as_deref(), &site.title),
            marking: brief.marking.label(),
            marking_colour: brief.marking.colour(),
            contested_range: site.contested_range,
            brief: BriefHeader::new(brief),
            draft: brief.is_draft().then(|| draft_notice(brief.drafts)),
            judgments: brief
                .judgments
                .as_ref()
                .map(|j| JudgmentsView::new(j, p, of)),
            bottom_line: BottomLineView::new(&brief.bottom_line),
            actors: brief
                .actors
                .iter()
                .map(|actor| ActorView::new(brief, actor))
                .collect(),
            stakes: stakes_order(&brief.actors)
                .into_iter()
                .map(|a| StakesView {
                    name: a.name.clone(),
                    stakes: fixed2(a.stakes),
                })
                .collect(),
            chart: Chart::new(brief),
            changes: brief.changes.as_ref().map(ChangesView::new),
            timeline: TimelineChart::new(brief),
            mechanisms: brief
                .mechanisms
                .iter()
                .map(|m| MechanismView {
                    name: m.name.clone(),
                    weight: fixed2(m.weight),
                    actors: m.actors.join(", "),
                })
                .collect(),
            watch: brief
                .watch
                .iter()
                .map(|w| WatchView {
                    indicator: w.indicator.clone(),
                    due: w.due.map(|d| d.to_string()),
                    status: w.status.as_str(),
                    overdue: w.overdue,
                    notes: w.notes,
                })
                .collect(),
            scenarios: brief
                .scenarios
                .iter()
                .map(|s| ScenarioView {
                    name: s.name.clone(),
                    likelihood: crate::vocab::Likelihood {
                        term: s.likelihood,
                        percent: s.percent,
                    }
                    .describe(),
                    against: s.against_evidence.map(|_| AGAINST_EVIDENCE),
                    note_title: s.note.title.clone(),
                    anchor: format!("{p}{}", s.note.anchor),
                    estimates: s.estimates,
                })
                .collect(),
            matrix: MatrixView::new(brief),
            matrix_key: MATRIX_KEY,
            sources: brief
                .sources
                .iter()
                .map(|s| SourceView::new(s, p))
                .collect(),
            source_summary: source_summary(&brief.source_summary),
            admiralty_key: ADMIRALTY_KEY,
            sections: SectionKind::ALL
                .into_iter()
                .map(|kind| {
                    let view = SectionView::new(brief, kind, p, of, &names);
                    (section_key(kind), view)
                })
                .collect(),
            notes: brief
                .notes
                .iter()
                .map(|n| NoteView::new(n, p, of, &note_name(&names, &n.note)))
                .collect(),
        }
    }
}

impl BriefHeader {
    fn new(brief: &Brief) -> BriefHeader {
        BriefHeader {
            slug: brief.slug.clone(),
            title: brief.title.clone(),
            summary: brief.summary.clone(),
            as_of: brief.as_of.to_string(),
            as_of_text: long_date(brief.as_of),
            note_count_text: note_count(brief.note_count()),
            window_text: brief
                .window
                .as_ref()
                .map(crate::render::format::window_words),
        }
    }
}

impl Figure {
    /// Leverage is signed; weights and stakes are not.
    fn new(figure: &NamedFigure, signed: bool) -> Figure {
        Figure {
            name: figure.name.clone(),
            value: if signed {
                signed2(figure.value)
            } else {
                fixed2(figure.value)
            },
        }
    }
}

impl BottomLineView {
    fn new(bottom: &BottomLine) -> BottomLineView {
        BottomLineView {
            top_gainer: bottom.top_gainer.as_ref().map(|f| Figure::new(f, true)),
            dominant_mechanism: bottom
                .dominant_mechanism
                .as_ref()
                .map(|f| Figure::new(f, false)),
            highest_stakes: bottom
                .highest_stakes
                .as_ref()
                .map(|f| Figure::new(f, false)),
            next_due: bottom.next_due.as_ref().map(|n| {
                let (label, indicator, joint) = next_due_words(n);
                NextDueView {
                    label,
                    indicator: indicator.to_owned(),
                    joint,
                    due: n.due.to_string(),
                    due_text: long_date(n.due),
                }
            }),
        }
    }
}

impl ActorView {
    fn new(brief: &Brief, actor: &ActorScore) -> ActorView {
        ActorView {
            name: actor.name.clone(),
            leverage: signed2(actor.leverage),
            leverage_class: if actor.leverage > 0.0 {
                "gain"
            } else if actor.leverage < 0.0 {
                "loss"
            } else {
                ""
            },
            stakes: fixed2(actor.stakes),
            range: actor.range,
            contested: actor.contested,
            trend: actor.trend.as_str(),
            trend_arrow: actor.trend.arrow(),
            notes: actor.notes,
            spark: Sparkline::new(brief, &actor.name),
        }
    }
}

impl SourceView {
    fn new(source: &Source, p: &str) -> SourceView {
        SourceView {
            title: source.title.clone(),
            // Validation let only web and mail addresses through;
            // one a browser cannot parse is shown without a link.
            url: source.url.as_deref().and_then(clean_url),
            code: source.admiralty(),
            meaning: admiralty_meaning(source),
            notes: source.notes.iter().map(|n| note_link(n, p)).collect(),
        }
    }
}

impl SectionView {
    /// The notes' passages for section `kind`, each attributed to its note;
    /// a passage's tables are named by note, section and `of`.
    fn new(
        brief: &Brief,
        kind: SectionKind,
        p: &str,
        of: &str,
        names: &BTreeMap<&str, String>,
    ) -> SectionView {
        let heading = kind.headings()[0];
        let passages = brief
            .passages(kind)
            .iter()
            .map(|passage| PassageView {
                title: passage.note.title.clone(),
                date: passage.note.date.to_string(),
                confidence: passage.note.confidence.as_str(),
                anchor: format!("{p}{}", passage.note.anchor),
                html: to_html_linked(
                    &passage.markdown,
                    &format!("{p}{}-{}", kind.id(), passage.note.anchor),
                    &endnotes_prefix(p, &passage.note.anchor),
                    &format!("{}, {heading}{of}", note_name(names, &passage.note)),
                    &passage.figures,
                ),
            })
            .collect();
        SectionView { passages }
    }
}

/// The key a template reads a section's passages by, e.g.
/// `b.sections.who_gains`.
fn section_key(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::WhatHappened => "what_happened",
        SectionKind::WhoGains => "who_gains",
        SectionKind::Mechanism => "mechanism",
        SectionKind::WhyItMatters => "why_it_matters",
        SectionKind::WhatToWatch => "what_to_watch",
    }
}

/// What names each note (by anchor) in the labels of its tables and
/// endnotes: its title in quotes, and its file too when another note of the
/// brief has the same title, so that no two labels in a page are the same.
fn note_names(brief: &Brief) -> BTreeMap<&str, String> {
    let mut titles: BTreeMap<&str, usize> = BTreeMap::new();
    for n in &brief.notes {
        *titles.entry(n.note.title.as_str()).or_default() += 1;
    }
    brief
        .notes
        .iter()
        .map(|n| {
            let name = if titles[n.note.title.as_str()] > 1 {
                format!("“{}” ({})", n.note.title, n.path)
            } else {
                format!("“{}”", n.note.title)
            };
            (n.note.anchor.as_str(), name)
        })
        .collect()
}

/// A note's name from [`note_names`]; its quoted title if it has none.
fn note_name(names: &BTreeMap<&str, String>, note: &NoteRef) -> String {
    names
        .get(note.anchor.as_str())
        .cloned()
        .unwrap_or_else(|| format!("“{}”", note.title))
}

fn note_link(note: &NoteRef, prefix: &str) -> NoteLink {
    NoteLink {
        title: note.title.clone(),
        anchor: format!("{prefix}{}", note.anchor),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::html::fixture::{brief, site};

    fn view() -> BriefView {
        BriefView::new(&brief(), &site(), "")
    }

    #[test]
    fn actors_keep_their_rank_with_signed_leverage_and_contested_flags() {
        let view = view();
        let rows: Vec<(&str, &str, &str, bool)> = view
            .actors
            .iter()
            .map(|a| {
                (
                    a.name.as_str(),
                    a.leverage.as_str(),
                    a.leverage_class,
                    a.contested,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("Iran", "+1.50", "gain", true),
                ("Oman", "0.00", "", false),
                ("United States", "−2.50", "loss", false),
            ]
        );
    }

    #[test]
    fn why_it_matters_lists_actors_by_stakes_then_name() {
        let view = view();
        let rows: Vec<(&str, &str)> = view
            .stakes
            .iter()
            .map(|s| (s.name.as_str(), s.stakes.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                ("Oman", "4.50"),
                ("Iran", "3.00"),
                ("United States", "3.00")
            ]
        );
    }

    #[test]
    fn the_bottom_line_signs_leverage_but_not_weights_or_stakes() {
        let bottom = view().bottom_line;
        let value = |f: &Option<Figure>| f.as_ref().map(|f| f.value.clone());
        assert_eq!(value(&bottom.top_gainer).as_deref(), Some("+1.50"));
        assert_eq!(value(&bottom.dominant_mechanism).as_deref(), Some("2.25"));
        assert_eq!(value(&bottom.highest_stakes).as_deref(), Some("4.50"));
        let next = bottom.next_due.expect("an indicator falls due");
        assert_eq!(
            (next.due.as_str(), next.due_text.as_str()),
            ("2026-12-01", "1 December 2026")
        );
    }

    #[test]
    fn an_overdue_watch_item_is_marked_overdue() {
        let view = view();
        let overdue: Vec<(&str, bool, &str)> = view
            .watch
            .iter()
            .map(|w| (w.indicator.as_str(), w.overdue, w.status))
            .collect();
        assert_eq!(
            overdue,
            [
                ("Sanctions waiver", true, "open"),
                ("Envoy visit", false, "observed")
            ]
        );
        assert_eq!(view.watch[0].due.as_deref(), Some("2026-11-15"));
        assert_eq!(view.watch[1].due, None);
    }

    #[test]
    fn a_passage_is_attributed_to_its_note_by_title_date_and_confidence() {
        let view = BriefView::new(&brief(), &site(), "gulf--");
        let who_gains = &view.sections["who_gains"].passages;
        assert_eq!(who_gains.len(), 1);
        let passage = &who_gains[0];
        assert_eq!(passage.title, "Talks resume in Muscat");
        assert_eq!(passage.date, "2026-11-18");
        assert_eq!(passage.confidence, "high");
        // Inside a packet the link to the appendix carries the brief's prefix.
        assert_eq!(passage.anchor, "gulf--note-talks-resume");
        assert!(passage.html.contains("Tehran gains room to manoeuvre."));
        assert!(view.sections["what_happened"].passages.is_empty());
        assert_eq!(view.sections.len(), SectionKind::ALL.len());
    }

    #[test]
    fn a_source_shows_its_code_in_words_and_the_notes_citing_it() {
        let view = view();
        let source = &view.sources[0];
        assert_eq!(source.code, "B2");
        assert_eq!(source.meaning, "usually reliable; probably true");
        assert_eq!(source.url.as_deref(), Some("https://example.org/wire"));
        assert_eq!(source.notes[0].title, "Talks resume in Muscat");
        assert_eq!(source.notes[0].anchor, "note-talks-resume");
    }

    #[test]
    fn the_header_says_whose_brief_when_and_from_how_many_notes() {
        let view = view();
        assert_eq!(view.page_title, "Gulf talks — TLP:GREEN");
        assert_eq!(view.org_title_line, "Analysis Unit · Gulf desk");
        assert_eq!(view.brief.as_of_text, "20 November 2026");
        assert_eq!(view.brief.note_count_text, "1 note");
    }
}
