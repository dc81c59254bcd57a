//! Indicators tied to scenarios: which of a brief's watch items bear on
//! which of its scenarios, and how, merged across its notes by the same
//! keys as watch items and scenarios (SPEC §4). Pure; shared by the
//! tradecraft lint (which warns when an estimate runs against observed
//! indicators) and aggregation (which shows the evidence).

use std::collections::{HashMap, HashSet};

use crate::names::watch_key;
use crate::note::Note;
use crate::vocab::{Relation, Status};

/// One indicator tied to one scenario.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tie {
    /// The scenario's merge key (`watch_key` of its name).
    pub scenario: String,
    /// The indicator's merge key.
    pub indicator: String,
    /// Whether observing it supports or undermines the scenario.
    pub relation: Relation,
}

/// The ties stated by `newest_first` notes, once per (scenario, indicator):
/// when notes disagree on the relation, the newest note's says it, as the
/// newest estimate of a scenario does. In first-met order (newest first).
pub(crate) fn ties<'n>(newest_first: impl IntoIterator<Item = &'n Note>) -> Vec<Tie> {
    let mut out: Vec<Tie> = Vec::new();
    let mut seen: HashSet<(String, String)> = HashSet::new();
    for note in newest_first {
        for entry in &note.front.watch {
            let indicator = watch_key(&entry.indicator);
            let stated = entry
                .supports
                .iter()
                .map(|name| (name, Relation::Supports))
                .chain(
                    entry
                        .undermines
                        .iter()
                        .map(|name| (name, Relation::Undermines)),
                );
            for (name, relation) in stated {
                let scenario = watch_key(name);
                if seen.insert((scenario.clone(), indicator.clone())) {
                    out.push(Tie {
                        scenario,
                        indicator: indicator.clone(),
                        relation,
                    });
                }
            }
        }
    }
    out
}

/// Each indicator's status merged across `notes` (observed over lapsed
/// over open), by its merge key.
pub(crate) fn statuses<'n>(notes: impl IntoIterator<Item = &'n Note>) -> HashMap<String, Status> {
    let mut out: HashMap<String, Status> = HashMap::new();
    for note in notes {
        for entry in &note.front.watch {
            let status = out.entry(watch_key(&entry.indicator)).or_default();
            *status = status.merge(entry.status);
        }
    }
    out
}

/// How many of a scenario's indicators of one relation are in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Seen.
    pub observed: usize,
    /// Still watched (overdue ones included).
    pub open: usize,
    /// Their window passed without them.
    pub lapsed: usize,
}

impl Tally {
    /// Counts one indicator of this status.
    pub(crate) fn add(&mut self, status: Status) {
        match status {
            Status::Observed => self.observed += 1,
            Status::Open => self.open += 1,
            Status::Lapsed => self.lapsed += 1,
        }
    }
}

/// The tallies of `scenario`'s supporting and undermining indicators.
pub(crate) fn tally(
    scenario: &str,
    ties: &[Tie],
    statuses: &HashMap<String, Status>,
) -> (Tally, Tally) {
    let mut supports = Tally::default();
    let mut undermines = Tally::default();
    for tie in ties.iter().filter(|t| t.scenario == scenario) {
        let status = statuses.get(&tie.indicator).copied().unwrap_or_default();
        match tie.relation {
            Relation::Supports => supports.add(status),
            Relation::Undermines => undermines.add(status),
        }
    }
    (supports, undermines)
}

/// Observed indicators that make this many against an estimate, with none
/// the other way, call for it to be revisited.
pub(crate) const AGAINST_ESTIMATE: usize = 3;

/// Which observed indicators run against an estimate of `term`, if any:
/// unlikely or less while at least [`AGAINST_ESTIMATE`] supporting ones are
/// observed and no undermining one, or likely or more the other way round.
pub(crate) fn runs_against(
    term: crate::vocab::Term,
    supports: &Tally,
    undermines: &Tally,
) -> Option<Relation> {
    use crate::vocab::Term;
    if term <= Term::Unlikely && supports.observed >= AGAINST_ESTIMATE && undermines.observed == 0 {
        Some(Relation::Supports)
    } else if term >= Term::Likely
        && undermines.observed >= AGAINST_ESTIMATE
        && supports.observed == 0
    {
        Some(Relation::Undermines)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::note::NoteFile;

    fn note(name: &str, date: &str, watch: &str) -> Note {
        let text = format!("---\ntitle: {name}\ndate: {date}\nwatch:\n{watch}---\nBody.\n");
        let file = NoteFile {
            path: PathBuf::from(format!("briefs/b/{name}.md")),
            folder: Some("b".into()),
        };
        let config =
            crate::config::parse(std::path::Path::new("brief.yaml"), &Arc::from("title: T\n"))
                .config
                .unwrap();
        let checked = crate::note::check(&file, Arc::from(text), &config);
        checked
            .note
            .unwrap_or_else(|| panic!("{:?}", checked.diagnostics))
    }

    #[test]
    fn the_newest_note_says_how_an_indicator_bears_on_a_scenario() {
        let old = note(
            "old",
            "2026-11-01",
            "  - indicator: Tanker seized\n    due: 2026-12-01\n    supports: [Escalation at sea]\n",
        );
        let new = note(
            "new",
            "2026-11-10",
            "  - indicator: tanker  seized!\n    status: observed\n    undermines: [escalation at sea]\n    supports: [Talks resume]\n",
        );
        let ties = ties([&new, &old]);
        assert_eq!(ties.len(), 2, "{ties:?}");
        let escalation = ties.iter().find(|t| t.scenario == "escalation at sea");
        assert_eq!(
            escalation.map(|t| t.relation),
            Some(Relation::Undermines),
            "the newer note's relation wins"
        );
        let statuses = statuses([&old, &new]);
        let (supports, undermines) = tally("escalation at sea", &ties, &statuses);
        assert_eq!(supports, Tally::default());
        assert_eq!(undermines.observed, 1, "observed in one note is observed");
        let (supports, _) = tally("talks resume", &ties, &statuses);
        assert_eq!(supports.observed, 1);
    }
}
