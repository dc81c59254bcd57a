//! What changed since an earlier date: the brief aggregated again as of
//! that date (SPEC §4, over the notes dated on or before it) and compared
//! with the brief as of its own date.
//!
//! Pure: no I/O, no clock. A packet passes its releasable notes only, so
//! its changes cannot mention a withheld note.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;

use crate::aggregate::{aggregate, round2, watch_key};
use crate::config::{Config, Since, normalise_name};
use crate::diag::{Code, Diagnostic};
use crate::model::{
    ActorMove, Brief, Changes, ContestedChange, MarkingChange, MechanismChange, NewActor,
    WatchChange, WatchChangeKind,
};
use crate::note::Note;
use crate::vocab::Status;

/// An actor's leverage must move by at least this much to be reported.
pub(crate) const MOVE_THRESHOLD: f64 = 0.5;

/// Fills `brief.timeline` and, when `since` is given, `brief.changes`,
/// from `notes`: the notes the brief was aggregated from (for a packet, its
/// releasable notes only). A warning when `since` falls after the as-of date.
pub(crate) fn annotate(
    brief: &mut Brief,
    notes: &[&Note],
    config: &Config,
    since: Option<Since>,
    context: &str,
) -> Option<Diagnostic> {
    brief.timeline = crate::timeline::timeline(notes, config, brief);
    let date = since?.resolve(brief.as_of);
    brief.changes = self::since(&brief.slug, notes, config, brief, date);
    brief.changes.is_none().then(|| {
        Diagnostic::warning(
            Code::SinceAfterAsOf,
            std::path::PathBuf::from(format!("briefs/{}", brief.slug)),
            format!(
                "{context}since {date} is after the as-of date {}; no changes shown for `{}`",
                brief.as_of, brief.slug
            ),
        )
    })
}

/// The brief `after` compared with itself as of `since`, re-aggregated from
/// `notes` (the notes `after` was aggregated from). `None` when `since` is
/// after the brief's as-of date: there is nothing earlier to compare with.
pub(crate) fn since(
    slug: &str,
    notes: &[&Note],
    config: &Config,
    after: &Brief,
    since: Date,
) -> Option<Changes> {
    if since > after.as_of {
        return None;
    }
    let earlier: Vec<&Note> = notes
        .iter()
        .copied()
        .filter(|n| n.date() <= since)
        .collect();
    // Only notes on or before `since` are passed, so the rerun has no
    // after-as-of warnings to give; none would concern the reader anyway.
    let before = aggregate(slug, &earlier, config, Some(since)).map(|a| a.brief);
    Some(compare(before.as_ref(), after, since))
}

/// The changes from `before` (the brief as of `since`, `None` when it had
/// no note yet) to `after`.
pub(crate) fn compare(before: Option<&Brief>, after: &Brief, since: Date) -> Changes {
    let earlier_actors: HashMap<String, (usize, &crate::model::ActorScore)> = before
        .map(|b| {
            b.actors
                .iter()
                .enumerate()
                .map(|(i, a)| (normalise_name(&a.name), (i + 1, a)))
                .collect()
        })
        .unwrap_or_default();

    let mut moved = Vec::new();
    let mut new_actors = Vec::new();
    let mut contested = Vec::new();
    for (index, actor) in after.actors.iter().enumerate() {
        let rank = index + 1;
        match earlier_actors.get(&normalise_name(&actor.name)) {
            None => new_actors.push(NewActor {
                name: actor.name.clone(),
                leverage: actor.leverage,
                rank,
                contested: actor.contested,
            }),
            Some(&(rank_from, earlier)) => {
                let delta = round2(actor.leverage - earlier.leverage);
                if delta.abs() >= MOVE_THRESHOLD {
                    moved.push(ActorMove {
                        name: actor.name.clone(),
                        from: earlier.leverage,
                        to: actor.leverage,
                        delta,
                        rank_from,
                        rank_to: rank,
                    });
                }
                if earlier.contested != actor.contested {
                    contested.push(ContestedChange {
                        name: actor.name.clone(),
                        contested: actor.contested,
                        range: actor.range,
                    });
                }
            }
        }
    }
    // Largest move first; the current rank breaks ties.
    moved.sort_by(|a, b| {
        b.delta
            .abs()
            .total_cmp(&a.delta.abs())
            .then(a.rank_to.cmp(&b.rank_to))
    });

    let dominant = |b: Option<&Brief>| b.and_then(|b| b.mechanisms.first()).map(|m| m.name.clone());
    let (from, to) = (dominant(before), dominant(Some(after)));
    let same_mechanism = match (&from, &to) {
        (Some(a), Some(b)) => normalise_name(a) == normalise_name(b),
        (None, None) => true,
        _ => false,
    };
    let dominant_mechanism = (!same_mechanism).then_some(MechanismChange { from, to });

    let earlier_watch: HashMap<String, &crate::model::WatchItem> = before
        .map(|b| {
            b.watch
                .iter()
                .map(|w| (watch_key(&w.indicator), w))
                .collect()
        })
        .unwrap_or_default();
    let watch = after
        .watch
        .iter()
        .filter_map(|item| {
            let change = match earlier_watch.get(&watch_key(&item.indicator)) {
                None => WatchChangeKind::New,
                Some(earlier) if earlier.status != item.status => match item.status {
                    Status::Observed => WatchChangeKind::Observed,
                    Status::Lapsed => WatchChangeKind::Lapsed,
                    // Statuses only move away from open as notes are added.
                    Status::Open => return None,
                },
                Some(earlier) if item.overdue && !earlier.overdue => WatchChangeKind::Overdue,
                Some(_) => return None,
            };
            Some(WatchChange {
                indicator: item.indicator.clone(),
                change,
                due: item.due,
                status: item.status,
            })
        })
        .collect();

    let earlier_notes: HashSet<&str> = before
        .map(|b| b.notes.iter().map(|n| n.path.as_str()).collect())
        .unwrap_or_default();
    let notes_added = after
        .notes
        .iter()
        .filter(|n| !earlier_notes.contains(n.path.as_str()))
        .map(|n| n.note.clone())
        .collect();

    let marking = match before {
        Some(b) if b.marking == after.marking => None,
        _ => Some(MarkingChange {
            from: before.map(|b| b.marking),
            to: after.marking,
        }),
    };

    Changes {
        since,
        moved,
        new_actors,
        contested,
        dominant_mechanism,
        watch,
        notes_added,
        marking,
    }
}

#[cfg(test)]
mod tests;
