//! Tradecraft warnings, after ICD 203's analytic standards: things a
//! reviewer would question, reported by `check` as warnings (never errors,
//! unless `--deny-warnings`), each at the value it is about. Run on valid
//! notes after validation, from their typed front matter; never a second
//! parser of the YAML.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use crate::config::{AliasConfig, Config, Names};

use crate::diag::{Code, Diagnostic, plural};
use crate::indicators::runs_against;
use crate::names::{age_days, closest_name, normalise_name, watch_key};
use crate::note::Note;
use crate::vocab::{Confidence, Relation, Reliability};

/// Notes closer than this many days must not give disjoint estimates.
pub(crate) const ESTIMATE_WINDOW_DAYS: i64 = 14;

/// Warnings about one valid note, from its typed front matter; each at the
/// value it is about.
pub(crate) fn note_warnings(note: &Note) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    warnings.extend(high_confidence_on_weak_sources(note));
    warnings.extend(scenario_bounds_exceed_certainty(note));
    warnings.extend(strong_scores_without_rationale(note));
    warnings.extend(watch_items_without_due(note));
    warnings
}

/// The most characters without a font reported per note: a note in a
/// script no font covers would otherwise warn once per letter.
const MAX_MISSING_GLYPHS: usize = 5;

/// A warning at the first place in the note of each character no shipped
/// or workspace font can show: the PDF would draw an empty box for it.
pub(crate) fn missing_glyphs(
    note: &Note,
    coverage: &crate::typefaces::Coverage,
) -> Vec<Diagnostic> {
    let mut seen: Vec<char> = Vec::new();
    let mut warnings = Vec::new();
    let mut more = 0usize;
    for (at, c) in note.text.char_indices() {
        if c.is_ascii() || !crate::typefaces::is_drawn(c) || coverage.covers(c) || seen.contains(&c)
        {
            continue;
        }
        seen.push(c);
        if warnings.len() == MAX_MISSING_GLYPHS {
            more += 1;
            continue;
        }
        warnings.push(
            warning_at(
                note,
                Code::NoFont,
                at..at + c.len_utf8(),
                format!("no font for {c} (U+{:04X}); add one to fonts/", u32::from(c)),
            )
            .with_help(
                "put a TrueType or OpenType font that covers this script in the workspace's fonts/ folder (Noto fonts cover most)",
            ),
        );
    }
    if more > 0
        && let Some(last) = warnings.last_mut()
    {
        last.help = Some(format!(
            "{} more characters have no font either; put a TrueType or OpenType font that covers this script in fonts/",
            more
        ));
    }
    warnings
}

fn warning_at(note: &Note, code: Code, span: Range<usize>, message: String) -> Diagnostic {
    Diagnostic::warning(code, note.path.clone(), message).at(&note.text, span)
}

fn high_confidence_on_weak_sources(note: &Note) -> Option<Diagnostic> {
    let span = note.spans.confidence.clone()?;
    if note.front.confidence != Confidence::High {
        return None;
    }
    let best = note
        .front
        .sources
        .iter()
        .filter_map(|s| s.reliability)
        .min();
    let message = match best {
        None => "`confidence: high` but no source has a reliability grade".to_owned(),
        Some(best) if best >= Reliability::D => format!(
            "`confidence: high` rests on sources no better than {} ({})",
            best.as_str(),
            best.meaning()
        ),
        Some(_) => return None,
    };
    Some(
        warning_at(note, Code::WeakSources, span, message).with_help(
            "lower the confidence, or cite and grade a more reliable source (ICD 203: describe the quality of sources)",
        ),
    )
}

fn scenario_bounds_exceed_certainty(note: &Note) -> Option<Diagnostic> {
    let total: f64 = note
        .front
        .scenarios
        .iter()
        .map(|s| s.likelihood.percent[0])
        .sum();
    if total <= 100.0 {
        return None;
    }
    let span = note.spans.scenarios_key.clone()?;
    Some(
        warning_at(
            note,
            Code::ScenarioSum,
            span,
            format!(
                "the lower bounds of these scenario likelihoods add up to {total}%, more than 100%"
            ),
        )
        .with_help(
            "scenarios that exclude each other cannot all be this likely; revisit the estimates",
        ),
    )
}

fn strong_scores_without_rationale(note: &Note) -> Vec<Diagnostic> {
    note.front
        .actors
        .iter()
        .zip(&note.spans.actor_leverage)
        .filter(|(actor, _)| (4..=5).contains(&actor.leverage.unsigned_abs()))
        .filter(|(actor, _)| {
            actor
                .rationale
                .as_deref()
                .is_none_or(|r| r.trim().is_empty())
        })
        .map(|(actor, span)| {
            warning_at(
                note,
                Code::StrongScoreWithoutRationale,
                span.clone(),
                format!(
                    "`{}` is scored leverage {:+} without a `rationale`",
                    actor.name, actor.leverage
                ),
            )
            .with_help("add `rationale:` saying why the score is this strong")
        })
        .collect()
}

fn watch_items_without_due(note: &Note) -> Vec<Diagnostic> {
    note.front
        .watch
        .iter()
        .zip(&note.spans.watch_indicators)
        .filter(|(item, _)| item.due.is_none())
        .map(|(_, span)| {
            warning_at(
                note,
                Code::WatchWithoutDue,
                span.clone(),
                "watch item has no `due` date".to_owned(),
            )
            .with_help("add `due: YYYY-MM-DD` so the brief can show when it is overdue")
        })
        .collect()
}

/// Disjoint estimates of the same scenario in notes of one brief written
/// less than `ESTIMATE_WINDOW_DAYS` apart; reported at the later estimate.
/// Briefs are independent, so `brief serve` passes only a changed brief's notes.
pub(crate) fn disjoint_estimates<'n>(notes: impl IntoIterator<Item = &'n Note>) -> Vec<Diagnostic> {
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
                .spans
                .scenario_likelihoods
                .get(*later_index)
                .cloned()
                .unwrap_or_else(|| later.spans.date.clone());
            warnings.push(
                Diagnostic::warning(
                    Code::ScenarioJump,
                    later.path.clone(),
                    format!(
                        "scenario `{}` is estimated {} here but {} in {} ({} earlier); the ranges do not overlap",
                        later_estimate.name,
                        later_estimate.likelihood.describe(),
                        earlier_estimate.likelihood.describe(),
                        earlier.path.display(),
                        plural(age_days(earlier.date(), later.date()).unsigned_abs() as usize, "day")
                    ),
                )
                .at(&later.text, span)
                .with_help("say in the note what changed, or reconcile the two estimates"),
            );
        }
    }
    warnings
}

/// Warnings about indicators tied to scenarios, per brief: a `supports:`
/// or `undermines:` naming no scenario the brief's notes estimate (with a
/// did-you-mean), and a scenario whose latest estimate runs against its
/// observed indicators (ICD 203: judgments consistent with the evidence).
pub(crate) fn indicator_warnings<'n>(notes: impl IntoIterator<Item = &'n Note>) -> Vec<Diagnostic> {
    let mut by_brief: BTreeMap<&str, Vec<&Note>> = BTreeMap::new();
    for note in notes {
        by_brief.entry(note.brief.as_str()).or_default().push(note);
    }
    let mut warnings = Vec::new();
    for mut notes in by_brief.into_values() {
        // Newest first, path breaking ties: the order aggregation reads
        // estimates in, so "latest" means the same here as in the brief.
        notes.sort_by(|a, b| b.date().cmp(&a.date()).then(a.path.cmp(&b.path)));
        let latest = latest_estimates(&notes);
        warnings.extend(unknown_scenarios(&notes, &latest));
        warnings.extend(estimates_against_evidence(&notes, &latest));
    }
    warnings
}

/// Each scenario's latest estimate by its key: the note and its index.
fn latest_estimates<'n>(newest_first: &[&'n Note]) -> BTreeMap<String, (&'n Note, usize)> {
    let mut latest = BTreeMap::new();
    for note in newest_first {
        for (index, scenario) in note.front.scenarios.iter().enumerate() {
            latest
                .entry(watch_key(&scenario.name))
                .or_insert((*note, index));
        }
    }
    latest
}

fn unknown_scenarios(
    newest_first: &[&Note],
    latest: &BTreeMap<String, (&Note, usize)>,
) -> Vec<Diagnostic> {
    let known: Vec<&str> = latest
        .values()
        .map(|(note, index)| note.front.scenarios[*index].name.as_str())
        .collect();
    let mut warnings = Vec::new();
    for note in newest_first {
        for (item, entry) in note.front.watch.iter().enumerate() {
            let lists = [
                (&entry.supports, note.spans.watch_supports.get(item)),
                (&entry.undermines, note.spans.watch_undermines.get(item)),
            ];
            for (names, spans) in lists {
                for (position, name) in names.iter().enumerate() {
                    if latest.contains_key(&watch_key(name)) {
                        continue;
                    }
                    let span = spans
                        .and_then(|s| s.get(position))
                        .cloned()
                        .unwrap_or_else(|| note.spans.date.clone());
                    let near = crate::decode::did_you_mean(name, known.iter().copied());
                    let otherwise = || match known.is_empty() {
                        true => "estimate it under `scenarios:` in a note of this brief".to_owned(),
                        false => format!("the brief's scenarios: {}", known.join("; ")),
                    };
                    warnings.push(
                        warning_at(
                            note,
                            Code::UnknownScenario,
                            span,
                            format!(
                                "`{name}` names no scenario of brief `{}`; the indicator is not tied to it",
                                note.brief
                            ),
                        )
                        .with_suggestion_or(near, otherwise),
                    );
                }
            }
        }
    }
    warnings
}

fn estimates_against_evidence(
    newest_first: &[&Note],
    latest: &BTreeMap<String, (&Note, usize)>,
) -> Vec<Diagnostic> {
    let ties = crate::indicators::ties(newest_first.iter().copied());
    let statuses = crate::indicators::statuses(newest_first.iter().copied());
    let mut warnings = Vec::new();
    for (key, (note, index)) in latest {
        let (supports, undermines) = crate::indicators::tally(key, &ties, &statuses);
        let estimate = &note.front.scenarios[*index];
        let against = match runs_against(estimate.likelihood.term, &supports, &undermines) {
            Some(Relation::Supports) => format!(
                "{} of its supporting indicators are observed and none undermining",
                supports.observed
            ),
            Some(Relation::Undermines) => format!(
                "{} of its undermining indicators are observed and none supporting",
                undermines.observed
            ),
            None => continue,
        };
        let span = note
            .spans
            .scenario_likelihoods
            .get(*index)
            .cloned()
            .unwrap_or_else(|| note.spans.date.clone());
        warnings.push(
            warning_at(
                note,
                Code::EstimateAgainstEvidence,
                span,
                format!(
                    "scenario `{}` is estimated {}, but {against}: observed indicators run against this estimate; revisit it",
                    estimate.name,
                    estimate.likelihood.describe()
                ),
            )
            .with_help(
                "revise the likelihood, or say in the note why the indicators do not move it",
            ),
        );
    }
    warnings
}

/// Actor and mechanism names that look like misspellings: not declared in
/// brief.yaml (as a key or an alias), and close to a declared spelling or to
/// a spelling more notes use. Warned at the name, with a did-you-mean. Not
/// run with `names: closed`, where an undeclared name is an error already.
pub(crate) fn misspelt_names(notes: &[Note], config: &Config) -> Vec<Diagnostic> {
    if config.names == Names::Closed {
        return Vec::new();
    }
    let mut warnings = NameKind {
        what: "actor",
        key: "actors",
        declared: &config.actors,
    }
    .misspellings(notes, actor_spelling);
    warnings.extend(
        NameKind {
            what: "mechanism",
            key: "mechanisms",
            declared: &config.mechanisms,
        }
        .misspellings(notes, mechanism_spelling),
    );
    warnings
}

/// Actor `index` of `note`: its name as written, and where.
fn actor_spelling(note: &Note, index: usize) -> Option<(&str, Range<usize>)> {
    let actor = note.front.actors.get(index)?;
    let span = note.spans.actor_names.get(index);
    Some((actor.name.as_str(), span.cloned().unwrap_or_default()))
}

/// The mechanism of actor `index` of `note`, as written, and where.
fn mechanism_spelling(note: &Note, index: usize) -> Option<(&str, Range<usize>)> {
    let mechanism = note.front.actors.get(index)?.mechanism.as_deref()?;
    let span = note.spans.actor_mechanisms.get(index);
    Some((mechanism, span.cloned().unwrap_or_default()))
}

/// Actors or mechanisms, for [`misspelt_names`].
struct NameKind<'c> {
    what: &'static str,
    key: &'static str,
    declared: &'c BTreeMap<String, AliasConfig>,
}

impl NameKind<'_> {
    fn misspellings<'n>(
        &self,
        notes: &'n [Note],
        spelling: impl Fn(&'n Note, usize) -> Option<(&'n str, Range<usize>)>,
    ) -> Vec<Diagnostic> {
        let declared: Vec<&str> = self
            .declared
            .iter()
            .flat_map(|(name, config)| std::iter::once(name).chain(&config.aliases))
            .map(String::as_str)
            .collect();
        let is_declared: BTreeSet<String> = declared.iter().map(|n| normalise_name(n)).collect();
        // Every undeclared use, and per normalised name its first spelling
        // and how many notes use it.
        let mut uses: Vec<(&Note, &str, Range<usize>)> = Vec::new();
        let mut counts: BTreeMap<String, (&str, usize)> = BTreeMap::new();
        for note in notes {
            let mut in_note = BTreeSet::new();
            for index in 0..note.front.actors.len() {
                let Some((name, span)) = spelling(note, index) else {
                    continue;
                };
                let key = normalise_name(name);
                if is_declared.contains(&key) {
                    continue;
                }
                if in_note.insert(key.clone()) {
                    counts.entry(key).or_insert((name, 0)).1 += 1;
                }
                uses.push((note, name, span));
            }
        }
        // One verdict per distinct name: the declared spelling it is close
        // to, else a spelling more notes use.
        let mut verdicts: BTreeMap<String, Option<(String, String)>> = BTreeMap::new();
        let mut warnings = Vec::new();
        for (note, name, span) in uses {
            let key = normalise_name(name);
            let verdict = verdicts
                .entry(key.clone())
                .or_insert_with(|| {
                    if let Some(near) = closest_name(name, declared.iter().copied()) {
                        return Some((near.to_owned(), "declared in brief.yaml".to_owned()));
                    }
                    let used = counts.get(&key).map_or(0, |(_, n)| *n);
                    let more_common = counts
                        .values()
                        .filter(|(_, n)| *n > used)
                        .map(|(spelling, _)| *spelling);
                    let near = closest_name(name, more_common)?;
                    let n = counts.get(&normalise_name(near)).map_or(0, |(_, n)| *n);
                    Some((near.to_owned(), format!("used in {n} notes")))
                })
                .clone();
            let Some((near, why)) = verdict else {
                continue;
            };
            let (what, key) = (self.what, self.key);
            warnings.push(
                Diagnostic::warning(
                    Code::MisspeltName,
                    note.path.clone(),
                    format!("{what} `{name}` looks like a misspelling of `{near}` ({why})"),
                )
                .at(&note.text, span)
                .with_suggestion(&near)
                .with_help(format!(
                    "did you mean `{near}`? if `{name}` is another {what}, declare it under `{key}:` in brief.yaml"
                )),
            );
        }
        warnings
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use super::*;
    use crate::note::{Checked, NoteFile, check};

    const CONFIG: &str = "title: Test\n";

    fn file(path: &str) -> NoteFile {
        NoteFile {
            path: PathBuf::from(path),
            folder: Some("x".to_owned()),
        }
    }

    fn config() -> crate::config::Config {
        crate::config::parse(Path::new("brief.yaml"), &Arc::from(CONFIG))
            .config
            .expect("valid config")
    }

    /// The note checked, then linted as `check` does.
    fn check_with(text: &str, _config: &str) -> Checked {
        let mut checked = check(&file("briefs/x/note.md"), Arc::from(text), &config());
        if let Some(note) = &checked.note {
            checked.diagnostics.extend(note_warnings(note));
        }
        Diagnostic::sort(&mut checked.diagnostics);
        checked
    }

    /// (line, column, code, message) of each diagnostic.
    fn problems(checked: &Checked) -> Vec<(usize, usize, Code, String)> {
        checked
            .diagnostics
            .iter()
            .map(|d| {
                let (line, column) = d.line_col().unwrap_or((0, 0));
                (line, column, d.code, d.message.clone())
            })
            .collect()
    }

    /// Each tradecraft warning, at the value it is about, and never an error.
    #[test]
    fn tradecraft_warnings_point_at_their_values() {
        let checked = check_with(
            "---\n\
title: T\n\
date: 2026-11-20\n\
confidence: high\n\
sources:\n\
\x20 - title: Rumour mill\n\
\x20   reliability: D\n\
actors:\n\
\x20 - name: Iran\n\
\x20   leverage: 5\n\
\x20   stakes: 2\n\
\x20 - name: Oman\n\
\x20   leverage: -4\n\
\x20   stakes: 1\n\
\x20   rationale: Lost its channel.\n\
watch:\n\
\x20 - indicator: Talks resume\n\
scenarios:\n\
\x20 - name: Deal\n\
\x20   likelihood: likely\n\
\x20 - name: Collapse\n\
\x20   likelihood: \"50%\"\n\
---\n",
            CONFIG,
        );
        assert!(checked.note.is_some(), "warnings never make a note invalid");
        assert!(
            checked
                .diagnostics
                .iter()
                .all(|d| d.severity == crate::diag::Severity::Warning)
        );
        let found: Vec<(usize, usize, Code)> = problems(&checked)
            .into_iter()
            .map(|(line, column, code, _)| (line, column, code))
            .collect();
        assert_eq!(
            found,
            [
                (4, 13, Code::WeakSources),
                (10, 15, Code::StrongScoreWithoutRationale),
                (17, 16, Code::WatchWithoutDue),
                (18, 1, Code::ScenarioSum),
            ]
        );
        let messages: Vec<String> = problems(&checked).into_iter().map(|p| p.3).collect();
        assert_eq!(
            messages[0],
            "`confidence: high` rests on sources no better than D (not usually reliable)"
        );
        assert_eq!(
            messages[1],
            "`Iran` is scored leverage +5 without a `rationale`"
        );
        assert_eq!(
            messages[3],
            "the lower bounds of these scenario likelihoods add up to 105%, more than 100%"
        );
    }

    #[test]
    fn high_confidence_without_any_graded_source_warns() {
        let checked = check_with(
            "---\ntitle: T\ndate: 2026-11-20\nconfidence: high\n---\n",
            CONFIG,
        );
        let found = problems(&checked);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].0, found[0].1, found[0].3.as_str()),
            (
                4,
                13,
                "`confidence: high` but no source has a reliability grade"
            )
        );
    }

    #[test]
    fn disjoint_estimates_within_two_weeks_warn_at_the_later_one() {
        let note = |path: &str, date: &str, likelihood: &str| {
            let text = format!(
                "---\ntitle: {path}\ndate: {date}\nscenarios:\n  - name: Ceasefire holds\n    likelihood: {likelihood}\n---\n"
            );
            check(&file(path), Arc::from(text), &config())
                .note
                .expect("valid")
        };
        let notes = vec![
            note("briefs/x/a.md", "2026-11-01", "unlikely"),
            note("briefs/x/b.md", "2026-11-10", "very likely"),
            note("briefs/x/c.md", "2026-12-01", "\"10%\""),
        ];
        let warnings = disjoint_estimates(&notes);
        assert_eq!(warnings.len(), 1, "c.md is 21 days after b.md: no warning");
        let warning = &warnings[0];
        assert_eq!(warning.path, PathBuf::from("briefs/x/b.md"));
        assert_eq!(warning.line_col(), Some((6, 17)));
        assert_eq!(warning.code, Code::ScenarioJump);
        assert_eq!(
            warning.message,
            "scenario `Ceasefire holds` is estimated very likely (80–95%) here but unlikely (20–45%) in briefs/x/a.md (9 days earlier); the ranges do not overlap"
        );
    }

    #[test]
    fn a_note_without_findings_gets_no_warning() {
        let checked = check_with(
            "---\ntitle: T\ndate: 2026-11-20\nconfidence: high\nsources:\n  - title: Wire\n    reliability: A\nwatch:\n  - indicator: Talks resume\n    due: 2026-12-01\n---\n",
            CONFIG,
        );
        assert!(checked.note.is_some());
        assert_eq!(problems(&checked), []);
    }
}
