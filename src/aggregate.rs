//! Notes + config + as-of date into a `model::Brief` (SPEC §4).
//!
//! Pure: no I/O, no clock. Every order is explicit, so the result does not
//! depend on the order notes arrive in (they are sorted by path first: the
//! "first spelling met" rules read notes in sorted path order).

use std::collections::HashMap;

use jiff::civil::Date;

use crate::config::{Aliases, Config};
use crate::diag::{Code, Diagnostic};
use crate::figures;
use crate::model::{
    ActorScore, BottomLine, Brief, MechanismScore, NamedFigure, NextDue, NoteActor, NoteEntry,
    NoteRef, OtherSection, Passage, SectionPassages, Timeline, Trend, WatchItem,
};
pub use crate::names::{age_days, watch_key};
use crate::note::Note;
use crate::vocab::{Reliability, SectionKind, Status};

mod judgments;
mod scenarios;
mod sources;

/// Notes younger than this many days are "recent" for the trend.
pub const RECENT_DAYS: i64 = 14;
/// A trend moves when recent and older leverage differ by more than this.
pub const TREND_THRESHOLD: f64 = 0.5;
/// `r` when no source has a reliability grade.
pub const UNGRADED_RELIABILITY: f64 = 0.5;

/// A brief and the warnings met building it (notes left out, say).
#[derive(Debug, Clone)]
pub struct Aggregated {
    /// The aggregated brief, before the build adds its timeline and changes.
    pub brief: Brief,
    /// Warnings about notes left out (dated after the as-of date, say).
    pub diagnostics: Vec<Diagnostic>,
}

/// Aggregates one brief. `notes` are the brief's valid notes (any order);
/// `as_of` overrides the newest note's date. `None` when no note is left.
pub fn aggregate(
    slug: &str,
    notes: &[&Note],
    config: &Config,
    as_of: Option<Date>,
) -> Option<Aggregated> {
    let mut sorted: Vec<&Note> = notes.to_vec();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let as_of = as_of.or_else(|| sorted.iter().map(|n| n.date()).max())?;

    let mut diagnostics = Vec::new();
    let mut included = Vec::with_capacity(sorted.len());
    let mut judgment_notes = Vec::new();
    for note in sorted {
        if note.date() > as_of {
            diagnostics.push(
                Diagnostic::warning(
                    Code::AfterAsOf,
                    note.path.clone(),
                    format!(
                        "note dated {} is after the as-of date {as_of}; left out of `{slug}`",
                        note.date()
                    ),
                )
                .at(&note.text, note.spans.date.clone()),
            );
        } else if note.is_judgments() {
            judgment_notes.push(note);
        } else {
            included.push(Weighted {
                note,
                weight: weight(note, as_of, config.half_life_days),
                age: age_days(note.date(), as_of),
            });
        }
    }
    let judgments = judgments::newest(&judgment_notes);
    if included.is_empty() && judgments.is_none() {
        return None;
    }

    let notes = || included.iter().map(|w| w.note);
    let actor_spellings = Spellings::of(notes(), &config.actor_aliases(), actor_spellings);
    let mechanism_spellings =
        Spellings::of(notes(), &config.mechanism_aliases(), mechanism_spellings);
    let actor_names = canonical_names(&included, &actor_spellings, actor_spellings_of);
    let mechanism_names = canonical_names(&included, &mechanism_spellings, mechanism_spellings_of);
    let names = Names {
        actor_spellings: &actor_spellings,
        actors: &actor_names,
        mechanism_spellings: &mechanism_spellings,
        mechanisms: &mechanism_names,
    };

    let actors = actor_scores(&included, &names, config.contested_range);
    let mechanisms = mechanism_scores(&included, &names);
    let watch = watch_items(&included, as_of);
    let bottom_line = bottom_line(&actors, &mechanisms, &watch, as_of);
    // The key judgments shown are part of the brief: their marking and
    // review count like any note's.
    let shown = included.iter().map(|w| w.note).chain(judgments);
    let marking = shown.clone().map(|n| n.marking).max().unwrap_or_default();
    let drafts = shown.filter(|n| n.is_draft()).count();

    // Newest first for reading; path breaks ties so order never depends on input.
    let mut newest_first: Vec<&Weighted> = included.iter().collect();
    newest_first.sort_by(|a, b| {
        b.note
            .date()
            .cmp(&a.note.date())
            .then(a.note.path.cmp(&b.note.path))
    });

    let scenarios = scenarios::scenarios(&newest_first, &watch);
    let sources = sources::sources(&included);
    let source_summary = sources::summary(&included, &sources);
    let brief = Brief {
        slug: slug.to_owned(),
        title: config.brief_title(slug),
        summary: config.briefs.get(slug).and_then(|b| b.summary.clone()),
        as_of,
        marking,
        drafts,
        judgments: judgments.map(judgments::key_judgments),
        bottom_line,
        actors,
        mechanisms,
        watch,
        scenarios,
        sources,
        source_summary,
        sections: sections(&newest_first),
        notes: newest_first.iter().map(|w| note_entry(w, &names)).collect(),
        window: None,
        changes: None,
        timeline: Timeline::default(),
    };
    Some(Aggregated { brief, diagnostics })
}

/// The actors alone as of `as_of`, over the notes dated on or before it:
/// the same weights, canonical names, formulas and ranking as `aggregate`,
/// without the rest of the brief.
pub fn actor_scores_as_of(notes: &[&Note], config: &Config, as_of: Date) -> Vec<ActorScore> {
    actor_scores_on(notes, config, &[as_of])
        .pop()
        .unwrap_or_default()
}

/// [`actor_scores_as_of`] for each of `dates` (the timeline's weeks),
/// with the notes sorted and every spelling resolved once for them all.
pub fn actor_scores_on(notes: &[&Note], config: &Config, dates: &[Date]) -> Vec<Vec<ActorScore>> {
    let mut sorted: Vec<&Note> = notes.to_vec();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let spellings = Spellings::of(
        sorted.iter().copied(),
        &config.actor_aliases(),
        actor_spellings,
    );
    let no_mechanisms = Spellings::default();
    dates
        .iter()
        .map(|&as_of| {
            let included: Vec<Weighted> = sorted
                .iter()
                .copied()
                .filter(|n| n.date() <= as_of)
                .map(|note| Weighted {
                    note,
                    weight: weight(note, as_of, config.half_life_days),
                    age: age_days(note.date(), as_of),
                })
                .collect();
            let actor_names = canonical_names(&included, &spellings, actor_spellings_of);
            let names = Names {
                actor_spellings: &spellings,
                actors: &actor_names,
                mechanism_spellings: &no_mechanisms,
                mechanisms: &HashMap::new(),
            };
            actor_scores(&included, &names, config.contested_range)
        })
        .collect()
}

/// A note with its weight and age as of the brief's date.
struct Weighted<'a> {
    note: &'a Note,
    weight: f64,
    age: i64,
}

/// `w = c × r × 0.5^(age / half_life_days)`.
pub fn weight(note: &Note, as_of: Date, half_life_days: u32) -> f64 {
    let c = note.front.confidence.factor();
    let r = note
        .front
        .sources
        .iter()
        .filter_map(|s| s.reliability.map(Reliability::factor))
        .fold(None, |best: Option<f64>, r| {
            Some(best.map_or(r, |b| b.max(r)))
        })
        .unwrap_or(UNGRADED_RELIABILITY);
    let age = age_days(note.date(), as_of) as f64;
    c * r * decay(age, half_life_days)
}

fn decay(age_days: f64, half_life_days: u32) -> f64 {
    0.5_f64.powf(age_days / f64::from(half_life_days.max(1)))
}

/// Rounds to 2 decimals, half away from zero. The hundredths are first
/// rounded to 6 decimals so binary noise (1.005 stored as 1.00499999…)
/// cannot flip a half: a value that is x.xx5 in decimal rounds up, as on paper.
pub fn round2(value: f64) -> f64 {
    if !value.is_finite() {
        return 0.0;
    }
    let hundredths = (value * 100.0 * 1e6).round() / 1e6;
    let rounded = hundredths.round() / 100.0;
    // `round` already goes half away from zero; normalise -0.0.
    if rounded == 0.0 { 0.0 } else { rounded }
}

/// Canonical spelling per identity: the brief.yaml key when an alias or name
/// is known, else the first spelling met reading notes in path order.
/// The actor names a note writes.
fn actor_spellings(note: &Note) -> impl Iterator<Item = &str> {
    note.front.actors.iter().map(|a| a.name.as_str())
}

/// The mechanism names a note writes.
fn mechanism_spellings(note: &Note) -> impl Iterator<Item = &str> {
    note.front
        .actors
        .iter()
        .filter_map(|a| a.mechanism.as_deref())
}

fn actor_spellings_of(note: &Note) -> Vec<&str> {
    actor_spellings(note).collect()
}

fn mechanism_spellings_of(note: &Note) -> Vec<&str> {
    mechanism_spellings(note).collect()
}

/// Every spelling the notes write, resolved once through brief.yaml's
/// aliases: the key it is compared by, and the name it is shown by when
/// it is the first of its key met. Resolving normalises text, and the
/// timeline would otherwise do it for every actor of every note every week.
#[derive(Default)]
struct Spellings<'n> {
    resolved: HashMap<&'n str, (String, String)>,
}

impl<'n> Spellings<'n> {
    fn of<I: Iterator<Item = &'n str>>(
        notes: impl Iterator<Item = &'n Note>,
        aliases: &Aliases,
        spellings: impl Fn(&'n Note) -> I,
    ) -> Self {
        let mut resolved = HashMap::new();
        for note in notes {
            for spelling in spellings(note) {
                resolved.entry(spelling).or_insert_with(|| {
                    let shown = aliases.resolve(spelling).map_or_else(
                        || spelling.split_whitespace().collect::<Vec<_>>().join(" "),
                        str::to_owned,
                    );
                    (aliases.key(spelling), shown)
                });
            }
        }
        Spellings { resolved }
    }

    /// The key and shown name of a spelling met in the notes.
    fn get(&self, spelling: &str) -> Option<(&str, &str)> {
        self.resolved
            .get(spelling)
            .map(|(key, shown)| (key.as_str(), shown.as_str()))
    }
}

/// Each key's shown name: the first spelling of it met in `notes`.
fn canonical_names<'s, 'n>(
    notes: &[Weighted<'n>],
    resolved: &'s Spellings<'n>,
    spellings: impl Fn(&'n Note) -> Vec<&'n str>,
) -> HashMap<&'s str, &'s str> {
    let mut names = HashMap::new();
    for weighted in notes {
        for spelling in spellings(weighted.note) {
            if let Some((key, shown)) = resolved.get(spelling) {
                names.entry(key).or_insert(shown);
            }
        }
    }
    names
}

/// Lookups from any spelling to the canonical name.
struct Names<'a, 'n> {
    actor_spellings: &'a Spellings<'n>,
    actors: &'a HashMap<&'a str, &'a str>,
    mechanism_spellings: &'a Spellings<'n>,
    mechanisms: &'a HashMap<&'a str, &'a str>,
}

impl Names<'_, '_> {
    fn actor<'s>(&'s self, spelling: &'s str) -> &'s str {
        Self::lookup(self.actor_spellings, self.actors, spelling)
    }

    fn mechanism<'s>(&'s self, spelling: &'s str) -> &'s str {
        Self::lookup(self.mechanism_spellings, self.mechanisms, spelling)
    }

    fn lookup<'s>(
        spellings: &'s Spellings<'_>,
        names: &'s HashMap<&str, &str>,
        spelling: &'s str,
    ) -> &'s str {
        spellings
            .get(spelling)
            .and_then(|(key, _)| names.get(key).copied())
            .unwrap_or(spelling)
    }
}

#[derive(Default)]
struct ActorSums {
    weight: f64,
    leverage: f64,
    stakes: f64,
    min: i8,
    max: i8,
    notes: usize,
    recent: (f64, f64),
    older: (f64, f64),
}

fn actor_scores(notes: &[Weighted], names: &Names, contested_range: u8) -> Vec<ActorScore> {
    let mut sums: HashMap<&str, ActorSums> = HashMap::new();
    for weighted in notes {
        let w = weighted.weight;
        for actor in &weighted.note.front.actors {
            let entry = sums
                .entry(names.actor(&actor.name))
                .or_insert_with(|| ActorSums {
                    min: actor.leverage,
                    max: actor.leverage,
                    ..ActorSums::default()
                });
            let leverage = f64::from(actor.leverage);
            entry.weight += w;
            entry.leverage += w * leverage;
            entry.stakes += w * f64::from(actor.stakes);
            entry.min = entry.min.min(actor.leverage);
            entry.max = entry.max.max(actor.leverage);
            entry.notes += 1;
            let bucket = if weighted.age < RECENT_DAYS {
                &mut entry.recent
            } else {
                &mut entry.older
            };
            bucket.0 += w * leverage;
            bucket.1 += w;
        }
    }
    let mut actors: Vec<ActorScore> = sums
        .into_iter()
        .map(|(name, s)| {
            let range = (i16::from(s.max) - i16::from(s.min)).unsigned_abs() as u8;
            ActorScore {
                name: name.to_owned(),
                leverage: round2(mean(s.leverage, s.weight)),
                stakes: round2(mean(s.stakes, s.weight)),
                range,
                contested: range >= contested_range,
                trend: trend(s.recent, s.older),
                notes: s.notes,
            }
        })
        .collect();
    actors.sort_by(|a, b| {
        b.leverage
            .total_cmp(&a.leverage)
            .then(b.stakes.total_cmp(&a.stakes))
            .then_with(|| a.name.cmp(&b.name))
    });
    actors
}

fn mean(weighted_sum: f64, total_weight: f64) -> f64 {
    if total_weight > 0.0 {
        weighted_sum / total_weight
    } else {
        0.0
    }
}

/// `(Σ w·leverage, Σ w)` of recent and of older notes into a trend.
fn trend(recent: (f64, f64), older: (f64, f64)) -> Trend {
    if older.1 <= 0.0 {
        return Trend::New;
    }
    if recent.1 <= 0.0 {
        return Trend::Flat;
    }
    let delta = mean(recent.0, recent.1) - mean(older.0, older.1);
    if delta > TREND_THRESHOLD {
        Trend::Up
    } else if delta < -TREND_THRESHOLD {
        Trend::Down
    } else {
        Trend::Flat
    }
}

fn mechanism_scores(notes: &[Weighted], names: &Names) -> Vec<MechanismScore> {
    let mut weights: HashMap<String, (f64, Vec<String>)> = HashMap::new();
    for weighted in notes {
        for actor in &weighted.note.front.actors {
            let Some(mechanism) = &actor.mechanism else {
                continue;
            };
            let entry = weights
                .entry(names.mechanism(mechanism).to_owned())
                .or_default();
            entry.0 += weighted.weight;
            entry.1.push(names.actor(&actor.name).to_owned());
        }
    }
    let mut mechanisms: Vec<MechanismScore> = weights
        .into_iter()
        .map(|(name, (weight, mut actors))| {
            actors.sort();
            actors.dedup();
            MechanismScore {
                name,
                weight: round2(weight),
                actors,
            }
        })
        .collect();
    mechanisms.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then_with(|| a.name.cmp(&b.name))
    });
    mechanisms
}

fn watch_items(notes: &[Weighted], as_of: Date) -> Vec<WatchItem> {
    let mut items: Vec<WatchItem> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for weighted in notes {
        let mut named_here: Vec<usize> = Vec::new();
        for entry in &weighted.note.front.watch {
            let key = watch_key(&entry.indicator);
            let position = *index.entry(key).or_insert_with(|| {
                items.push(WatchItem {
                    indicator: entry.indicator.clone(),
                    due: None,
                    status: Status::Open,
                    overdue: false,
                    notes: 0,
                });
                items.len() - 1
            });
            let item = &mut items[position];
            item.due = match (item.due, entry.due) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            item.status = item.status.merge(entry.status);
            if !named_here.contains(&position) {
                named_here.push(position);
                item.notes += 1;
            }
        }
    }
    for item in &mut items {
        item.overdue = item.status == Status::Open && item.due.is_some_and(|due| due < as_of);
    }
    // Stable sort: ties keep first-met order.
    items.sort_by_key(|item| match item.status {
        Status::Open => (0, item.due.is_none(), item.due),
        Status::Observed => (1, false, None),
        Status::Lapsed => (2, false, None),
    });
    items
}

fn bottom_line(
    actors: &[ActorScore],
    mechanisms: &[MechanismScore],
    watch: &[WatchItem],
    as_of: Date,
) -> BottomLine {
    let figure = |name: &str, value: f64| NamedFigure {
        name: name.to_owned(),
        value,
    };
    let top_gainer = actors
        .iter()
        .find(|a| a.leverage > 0.0)
        .map(|a| figure(&a.name, a.leverage));
    // `max_by` keeps the last maximum; reversing the ranked list keeps the first.
    let highest_stakes = actors
        .iter()
        .rev()
        .max_by(|a, b| a.stakes.total_cmp(&b.stakes))
        .map(|a| figure(&a.name, a.stakes));
    let next_due = watch
        .iter()
        .filter(|w| w.status == Status::Open)
        .filter_map(|w| w.due.map(|due| (due, w)))
        .min_by_key(|(due, _)| *due)
        .map(|(due, w)| NextDue {
            indicator: w.indicator.clone(),
            due,
            overdue: due < as_of,
        });
    BottomLine {
        top_gainer,
        dominant_mechanism: mechanisms.first().map(|m| figure(&m.name, m.weight)),
        highest_stakes,
        next_due,
    }
}

fn note_ref(note: &Note) -> NoteRef {
    NoteRef {
        title: note.title().to_owned(),
        date: note.date(),
        confidence: note.front.confidence,
        marking: note.marking,
        anchor: note.anchor(),
    }
}

fn sections(newest_first: &[&Weighted]) -> Vec<SectionPassages> {
    SectionKind::ALL
        .into_iter()
        .map(|kind| SectionPassages {
            kind,
            passages: newest_first
                .iter()
                .filter_map(|w| {
                    w.note.section_text(kind).map(|markdown| Passage {
                        note: note_ref(w.note),
                        figures: figures::used_in(&w.note.figures, &markdown),
                        markdown,
                    })
                })
                .collect(),
        })
        .collect()
}

fn note_entry(weighted: &Weighted, names: &Names) -> NoteEntry {
    let note = weighted.note;
    NoteEntry {
        note: note_ref(note),
        path: note.path.to_string_lossy().replace('\\', "/"),
        author: note.front.author.clone(),
        tags: note.front.tags.clone(),
        weight: round2(weighted.weight),
        lede: note.body.with_footnotes(&note.body.lede),
        actors: note
            .front
            .actors
            .iter()
            .map(|a| NoteActor {
                name: names.actor(&a.name).to_owned(),
                leverage: a.leverage,
                stakes: a.stakes,
                mechanism: a
                    .mechanism
                    .as_deref()
                    .map(|m| names.mechanism(m).to_owned()),
                rationale: a.rationale.clone(),
            })
            .collect(),
        other_sections: note
            .body
            .other_sections()
            .map(|s| OtherSection {
                heading: s.heading.clone(),
                markdown: note.body.with_footnotes(&s.markdown),
            })
            .collect(),
        footnotes: note
            .body
            .footnotes
            .iter()
            .map(|(_, definition)| definition.trim_end().to_owned())
            .collect(),
        figures: note.figures.clone(),
    }
}

#[cfg(test)]
mod tests;
