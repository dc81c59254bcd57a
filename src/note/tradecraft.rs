//! Tradecraft warnings, after ICD 203's analytic standards: things a
//! reviewer would question, reported by `check` as warnings (never errors,
//! unless `--deny-warnings`), each at the value it is about.

use std::collections::BTreeMap;

use crate::decode::Decoder;
use crate::diag::{Code, Diagnostic};
use crate::names::{age_days, watch_key};
use crate::note::Note;
use crate::vocab::{Likelihood, Reliability};
use crate::yaml::{Node, Value};

/// Notes closer than this many days must not give disjoint estimates.
pub const ESTIMATE_WINDOW_DAYS: i64 = 14;

/// Warnings about one note, read from its front-matter tree.
pub fn note_warnings(d: &mut Decoder, entries: &[(Node, Node)]) {
    high_confidence_on_weak_sources(d, entries);
    scenario_bounds_exceed_certainty(d, entries);
    strong_scores_without_rationale(d, entries);
    watch_items_without_due(d, entries);
}

fn items<'n>(d: &Decoder, entries: &'n [(Node, Node)], key: &str) -> Vec<&'n [(Node, Node)]> {
    match d.field(entries, key).map(|n| &n.value) {
        Some(Value::Seq(items)) => items
            .iter()
            .filter_map(|item| match &item.value {
                Value::Map(fields) => Some(fields.as_slice()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn text<'n>(d: &Decoder, fields: &'n [(Node, Node)], key: &str) -> Option<&'n str> {
    match d.field(fields, key).map(|n| &n.value) {
        Some(Value::Str(s)) if !s.trim().is_empty() => Some(s.as_str()),
        _ => None,
    }
}

fn high_confidence_on_weak_sources(d: &mut Decoder, entries: &[(Node, Node)]) {
    let Some(node) = d.field(entries, "confidence") else {
        return;
    };
    if node.value != Value::Str("high".into()) {
        return;
    }
    let node = node.clone();
    let best = items(d, entries, "sources")
        .into_iter()
        .filter_map(|fields| text(d, fields, "reliability").and_then(Reliability::parse))
        .min();
    let message = match best {
        None => "`confidence: high` but no source has a reliability grade".to_owned(),
        Some(best) if best >= Reliability::D => format!(
            "`confidence: high` rests on sources no better than {} ({})",
            best.as_str(),
            best.meaning()
        ),
        Some(_) => return,
    };
    d.warning(Code::WeakSources, &node, message).help = Some(
        "lower the confidence, or cite and grade a more reliable source (ICD 203: describe the quality of sources)"
            .to_owned(),
    );
}

fn scenario_bounds_exceed_certainty(d: &mut Decoder, entries: &[(Node, Node)]) {
    let total: f64 = items(d, entries, "scenarios")
        .into_iter()
        .filter_map(|fields| text(d, fields, "likelihood"))
        .filter_map(|t| Likelihood::parse(t).ok())
        .map(|l| l.percent[0])
        .sum();
    if total <= 100.0 {
        return;
    }
    let Some(key) = d.key_node(entries, "scenarios").cloned() else {
        return;
    };
    d.warning(
        Code::ScenarioSum,
        &key,
        format!(
            "the lower bounds of these scenario likelihoods add up to {total}%, more than 100%"
        ),
    )
    .help = Some(
        "scenarios that exclude each other cannot all be this likely; revisit the estimates"
            .to_owned(),
    );
}

fn strong_scores_without_rationale(d: &mut Decoder, entries: &[(Node, Node)]) {
    for fields in items(d, entries, "actors") {
        let Some(leverage) = d.field(fields, "leverage") else {
            continue;
        };
        let Value::Int(score) = leverage.value else {
            continue;
        };
        if !(4..=5).contains(&score.abs()) || text(d, fields, "rationale").is_some() {
            continue;
        }
        let name = text(d, fields, "name").unwrap_or("this actor").to_owned();
        let leverage = leverage.clone();
        d.warning(
            Code::StrongScoreWithoutRationale,
            &leverage,
            format!("`{name}` is scored leverage {score:+} without a `rationale`"),
        )
        .help = Some("add `rationale:` saying why the score is this strong".to_owned());
    }
}

fn watch_items_without_due(d: &mut Decoder, entries: &[(Node, Node)]) {
    for fields in items(d, entries, "watch") {
        if d.field(fields, "due").is_some() {
            continue;
        }
        let Some(indicator) = d.field(fields, "indicator").cloned() else {
            continue;
        };
        d.warning(
            Code::WatchWithoutDue,
            &indicator,
            "watch item has no `due` date",
        )
        .help = Some("add `due: YYYY-MM-DD` so the brief can show when it is overdue".to_owned());
    }
}

/// Disjoint estimates of the same scenario in notes of one brief written
/// less than `ESTIMATE_WINDOW_DAYS` apart; reported at the later estimate.
/// Briefs are independent, so `brief serve` passes only a changed brief's notes.
pub fn disjoint_estimates<'n>(notes: impl IntoIterator<Item = &'n Note>) -> Vec<Diagnostic> {
    // (brief, scenario key) → every (note, scenario index) estimating it.
    let mut estimates: BTreeMap<(&str, String), Vec<(&Note, usize)>> = BTreeMap::new();
    for note in notes {
        for (index, scenario) in note.front.scenarios.iter().enumerate() {
            estimates
                .entry((note.brief.as_str(), watch_key(&scenario.name)))
                .or_default()
                .push((note, index));
        }
    }
    let mut warnings = Vec::new();
    for list in estimates.values_mut() {
        // Sorted by (date, path), the closest earlier estimate of a note is
        // the nearest predecessor from another note: linear, not quadratic.
        list.sort_by(|(a, _), (b, _)| (a.date(), &a.path).cmp(&(b.date(), &b.path)));
        for (position, (later, later_index)) in list.iter().enumerate() {
            let later_estimate = &later.front.scenarios[*later_index];
            let earlier = list[..position]
                .iter()
                .rev()
                .find(|(note, _)| note.path != later.path)
                .filter(|(note, _)| {
                    (0..ESTIMATE_WINDOW_DAYS).contains(&age_days(note.date(), later.date()))
                });
            let Some((earlier, earlier_index)) = earlier else {
                continue;
            };
            let earlier_estimate = &earlier.front.scenarios[*earlier_index];
            let [a_low, a_high] = later_estimate.likelihood.percent;
            let [b_low, b_high] = earlier_estimate.likelihood.percent;
            if a_low <= b_high && b_low <= a_high {
                continue;
            }
            let span = later
                .scenario_spans
                .get(*later_index)
                .cloned()
                .unwrap_or_else(|| later.date_span.clone());
            warnings.push(
                Diagnostic::warning(
                    Code::ScenarioJump,
                    later.path.clone(),
                    format!(
                        "scenario `{}` is estimated {} here but {} in {} ({} days earlier); the ranges do not overlap",
                        later_estimate.name,
                        later_estimate.likelihood.describe(),
                        earlier_estimate.likelihood.describe(),
                        earlier.path.display(),
                        age_days(earlier.date(), later.date())
                    ),
                )
                .at(&later.text, span)
                .with_help("say in the note what changed, or reconcile the two estimates"),
            );
        }
    }
    warnings
}
