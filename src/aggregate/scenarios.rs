//! Scenarios: each one's latest estimate, and the indicators tied to it
//! with their evidence counted.

use std::collections::HashMap;

use super::{Weighted, note_ref};
use crate::indicators::{self, Tally};
use crate::model::{Evidence, Scenario, ScenarioIndicator, StatusCount, WatchItem};
use crate::names::watch_key;

/// One estimate per scenario (merged on the watch-item key): the most
/// recent note's, since a later judgement supersedes an earlier one. Each
/// with the brief's watch items tied to it (`supports:`/`undermines:`),
/// in watch order, and their statuses counted.
/// Ordered by likelihood (upper bound, then lower) descending, then name.
pub(super) fn scenarios(newest_first: &[&Weighted], watch: &[WatchItem]) -> Vec<Scenario> {
    let mut out: Vec<Scenario> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for weighted in newest_first {
        for scenario in &weighted.note.front.scenarios {
            let key = watch_key(&scenario.name);
            match index.get(&key) {
                Some(&position) => out[position].estimates += 1,
                None => {
                    index.insert(key, out.len());
                    out.push(Scenario {
                        name: scenario.name.clone(),
                        likelihood: scenario.likelihood.term,
                        percent: scenario.likelihood.percent,
                        note: note_ref(weighted.note),
                        estimates: 1,
                        evidence: Evidence::default(),
                        indicators: Vec::new(),
                        against_evidence: None,
                    });
                }
            }
        }
    }
    let ties = indicators::ties(newest_first.iter().map(|w| w.note));
    let by_key: HashMap<String, &WatchItem> = watch
        .iter()
        .map(|item| (watch_key(&item.indicator), item))
        .collect();
    for (key, &position) in &index {
        let scenario = &mut out[position];
        let tied = ties.iter().filter(|t| &t.scenario == key);
        let mut found: Vec<(usize, ScenarioIndicator)> = tied
            .filter_map(|tie| {
                let item = by_key.get(&tie.indicator)?;
                let order = watch.iter().position(|w| std::ptr::eq(w, *item))?;
                Some((
                    order,
                    ScenarioIndicator {
                        indicator: item.indicator.clone(),
                        relation: tie.relation,
                        status: item.status,
                        due: item.due,
                        overdue: item.overdue,
                    },
                ))
            })
            .collect();
        found.sort_by_key(|(order, _)| *order);
        let mut supports = Tally::default();
        let mut undermines = Tally::default();
        for (_, indicator) in &found {
            match indicator.relation {
                crate::vocab::Relation::Supports => supports.add(indicator.status),
                crate::vocab::Relation::Undermines => undermines.add(indicator.status),
            }
        }
        scenario.against_evidence =
            indicators::runs_against(scenario.likelihood, &supports, &undermines);
        scenario.evidence = Evidence {
            supports: count(supports),
            undermines: count(undermines),
        };
        scenario.indicators = found.into_iter().map(|(_, i)| i).collect();
    }
    out.sort_by(|a, b| {
        b.percent[1]
            .total_cmp(&a.percent[1])
            .then(b.percent[0].total_cmp(&a.percent[0]))
            .then_with(|| a.name.cmp(&b.name))
    });
    out
}

fn count(tally: Tally) -> StatusCount {
    StatusCount {
        observed: tally.observed,
        open: tally.open,
        lapsed: tally.lapsed,
    }
}
