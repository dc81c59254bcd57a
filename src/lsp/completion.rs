//! Completion in a note's front matter: the keys that may go where the
//! cursor is (with the schema's words for each), and the values a key
//! takes — its vocabulary (confidence, markings, Admiralty codes, ICD 203
//! terms, statuses), the workspace's actors, mechanisms and briefs, today
//! for a date.

use std::collections::BTreeMap;
use std::ops::Range;

use jiff::civil::Date;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, TextEdit,
};

use super::context::{self, LineContext};
use super::position::LineMap;
use super::project::Project;
use super::schema;
use crate::names::normalise_name;
use crate::vocab::{Confidence, Marking, NoteKind, Reliability, Review, Status, Term};

/// Keys whose values are lists of names, written one per `- ` line or as `[a, b]`.
const NAME_LISTS: [&str; 3] = ["tags", "supports", "undermines"];

/// A candidate before it becomes a protocol item.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    /// What is shown and inserted.
    pub label: String,
    /// A short note beside it.
    pub detail: Option<String>,
    /// Longer words, markdown.
    pub documentation: Option<String>,
    /// What is inserted, when not the label.
    pub insert: Option<String>,
    /// Whether it is a key (else a value).
    pub is_key: bool,
}

impl Candidate {
    fn value(label: impl Into<String>, detail: impl Into<String>) -> Candidate {
        Candidate {
            label: label.into(),
            detail: Some(detail.into()).filter(|d: &String| !d.is_empty()),
            documentation: None,
            insert: None,
            is_key: false,
        }
    }
}

/// What is being completed: the candidates and the bytes they replace.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Completion {
    /// The candidates, in the order to offer them.
    pub candidates: Vec<Candidate>,
    /// The text typed so far, which a chosen candidate replaces.
    pub typed: Range<usize>,
}

/// The completion at `offset` of note `text`; `project` (when the note is
/// in one) supplies the names, `brief` is the note's brief.
pub(crate) fn complete(
    text: &str,
    offset: usize,
    project: Option<&Project>,
    brief: Option<&str>,
    today: Date,
) -> Option<Completion> {
    let line = context::at(text, offset)?;
    let key_end = line.key.as_ref().map_or(offset, |(_, span)| span.end);
    let in_name_list =
        line.dash && !line.colon && line.parent().is_some_and(|p| NAME_LISTS.contains(&p));
    if in_name_list {
        let key = line.parents.last().cloned().unwrap_or_default();
        let parent = line.parents.iter().rev().nth(1).map(String::as_str);
        let typed = typed_value(text, &line, offset);
        return Some(Completion {
            candidates: values(parent, &key, project, brief, today),
            typed,
        });
    }
    if !line.colon || offset <= key_end {
        let typed = match &line.key {
            Some((_, span)) if span.start <= offset => span.start..offset.max(span.start),
            _ => offset..offset,
        };
        let present = if line.parents.is_empty() {
            top_level_keys(text)
        } else {
            Vec::new()
        };
        let candidates = schema::keys(line.parent())
            .into_iter()
            .filter(|key| !present.iter().any(|p| p == key))
            .map(|key| key_candidate(line.parent(), key))
            .collect();
        return Some(Completion { candidates, typed });
    }
    let (key, _) = line.key.clone()?;
    let typed = typed_value(text, &line, offset);
    Some(Completion {
        candidates: values(line.parent(), &key, project, brief, today),
        typed,
    })
}

/// The value typed before the cursor; in a `[a, b` list, the last item.
fn typed_value(text: &str, line: &LineContext, offset: usize) -> Range<usize> {
    let start = line.value.start.min(offset);
    let before = &text[start..offset];
    let item_start = before.rfind(['[', ',']).map_or(start, |i| start + i + 1);
    let spaces = text[item_start..offset].len() - text[item_start..offset].trim_start().len();
    item_start + spaces..offset
}

/// The keys written at the top level of the front matter.
fn top_level_keys(text: &str) -> Vec<String> {
    let Some(yaml) = context::front_matter(text) else {
        return Vec::new();
    };
    text[yaml]
        .lines()
        .filter(|line| !line.starts_with([' ', '\t', '-', '#']))
        .filter_map(|line| line.split_once(':').map(|(key, _)| key.trim().to_owned()))
        .collect()
}

fn key_candidate(parent: Option<&str>, key: &str) -> Candidate {
    let info = schema::key_info(parent, key).unwrap_or_default();
    let mut documentation = info.description.clone();
    if let Some(range) = &info.range {
        documentation.push_str(&format!("\n\nRange: {range}."));
    }
    if let Some(default) = &info.default {
        documentation.push_str(&format!("\n\nDefault: `{default}`."));
    }
    Candidate {
        label: key.to_owned(),
        detail: Some(
            info.description
                .split(". ")
                .next()
                .unwrap_or_default()
                .to_owned(),
        )
        .filter(|d| !d.is_empty()),
        documentation: Some(documentation),
        insert: Some(if info.list {
            format!("{key}:")
        } else {
            format!("{key}: ")
        }),
        is_key: true,
    }
}

/// The values `key` under `parent` takes.
fn values(
    parent: Option<&str>,
    key: &str,
    project: Option<&Project>,
    brief: Option<&str>,
    today: Date,
) -> Vec<Candidate> {
    match (parent, key) {
        (None | Some("judgments"), "confidence") => Confidence::NAMES
            .iter()
            .filter_map(|name| Confidence::parse(name))
            .map(|c| Candidate::value(c.as_str(), format!("weighs the note ×{}", c.factor())))
            .collect(),
        (None, "marking") => Marking::ALL
            .iter()
            .map(|m| Candidate::value(m.label(), super::hover::audience(*m)))
            .collect(),
        (None, "review") => Review::NAMES
            .iter()
            .map(|n| Candidate::value(*n, ""))
            .collect(),
        (None, "kind") => NoteKind::NAMES
            .iter()
            .map(|n| Candidate::value(*n, ""))
            .collect(),
        (None, "date") | (Some("watch"), "due") => {
            vec![Candidate::value(today.to_string(), "today")]
        }
        (None, "brief") => project.map_or_else(Vec::new, |p| {
            p.brief_slugs()
                .into_iter()
                .map(|slug| {
                    let title = p.config().map(|c| c.brief_title(&slug)).unwrap_or_default();
                    Candidate::value(slug, title)
                })
                .collect()
        }),
        (Some("sources"), "reliability") => Reliability::NAMES
            .iter()
            .filter_map(|n| Reliability::parse(n))
            .map(|r| Candidate::value(r.as_str(), r.meaning()))
            .collect(),
        (Some("sources"), "credibility") => (1..=6u8)
            .map(|n| Candidate::value(n.to_string(), crate::render::format::credibility(Some(n))))
            .collect(),
        (Some("watch"), "status") => Status::NAMES
            .iter()
            .map(|n| Candidate::value(*n, ""))
            .collect(),
        (Some("scenarios" | "judgments"), "likelihood") => Term::ALL
            .iter()
            .map(|t| {
                let [low, high] = t.band();
                Candidate::value(t.name(), format!("{low}–{high}%"))
            })
            .collect(),
        (Some("actors"), "name") => project.map_or_else(Vec::new, |p| names(p, Names::Actors)),
        (Some("actors"), "mechanism") => {
            project.map_or_else(Vec::new, |p| names(p, Names::Mechanisms))
        }
        (Some("watch"), "supports" | "undermines") => match (project, brief) {
            (Some(p), Some(brief)) => scenarios(p, brief),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Which names to offer.
#[derive(Clone, Copy)]
enum Names {
    Actors,
    Mechanisms,
}

/// The names brief.yaml declares (with their aliases), then those notes
/// use that it does not, commonest first.
fn names(project: &Project, which: Names) -> Vec<Candidate> {
    let declared = project.config().map(|c| match which {
        Names::Actors => &c.actors,
        Names::Mechanisms => &c.mechanisms,
    });
    let mut known: Vec<String> = Vec::new();
    let mut candidates = Vec::new();
    for (name, entry) in declared.into_iter().flatten() {
        known.push(normalise_name(name));
        known.extend(entry.aliases.iter().map(|a| normalise_name(a)));
        let mut candidate = Candidate::value(name.clone(), "declared in brief.yaml");
        if !entry.aliases.is_empty() {
            candidate.documentation = Some(format!("Also written: {}", entry.aliases.join(", ")));
        }
        candidates.push(candidate);
    }
    let mut used: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for note in &project.notes {
        for actor in &note.front.actors {
            let written = match which {
                Names::Actors => Some(actor.name.as_str()),
                Names::Mechanisms => actor.mechanism.as_deref(),
            };
            let Some(written) = written else { continue };
            let key = normalise_name(written);
            if !known.contains(&key) {
                used.entry(key).or_insert_with(|| (written.to_owned(), 0)).1 += 1;
            }
        }
    }
    let mut used: Vec<(String, usize)> = used.into_values().collect();
    used.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    candidates.extend(used.into_iter().map(|(name, count)| {
        let detail = if count == 1 {
            "used in 1 note".to_owned()
        } else {
            format!("used in {count} notes")
        };
        Candidate::value(name, detail)
    }));
    candidates
}

/// The scenarios the notes of `brief` estimate, for `supports:` and `undermines:`.
fn scenarios(project: &Project, brief: &str) -> Vec<Candidate> {
    let mut seen = Vec::new();
    let mut candidates = Vec::new();
    for note in project.notes.iter().filter(|n| n.brief == brief) {
        for scenario in &note.front.scenarios {
            let key = crate::names::watch_key(&scenario.name);
            if !seen.contains(&key) {
                seen.push(key);
                candidates.push(Candidate::value(
                    scenario.name.clone(),
                    "a scenario of this brief",
                ));
            }
        }
    }
    candidates
}

/// The protocol's items for a completion of `text`.
pub(crate) fn items(completion: Completion, text: &str) -> Vec<CompletionItem> {
    let map = LineMap::new(text);
    let range = map.range(completion.typed);
    completion
        .candidates
        .into_iter()
        .enumerate()
        .map(|(rank, candidate)| CompletionItem {
            kind: Some(if candidate.is_key {
                CompletionItemKind::PROPERTY
            } else {
                CompletionItemKind::VALUE
            }),
            detail: candidate.detail,
            documentation: candidate.documentation.map(|value| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                })
            }),
            // Keep the order chosen here: vocabularies run low to high.
            sort_text: Some(format!("{rank:04}")),
            filter_text: Some(candidate.label.clone()),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range,
                new_text: candidate.insert.unwrap_or_else(|| candidate.label.clone()),
            })),
            label: candidate.label,
            ..Default::default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::constant(2026, 11, 20)
    }

    fn labels_at_end(text: &str) -> (Vec<String>, String) {
        let completion = complete(text, text.len(), None, None, today()).unwrap();
        let typed = text[completion.typed.clone()].to_owned();
        (
            completion.candidates.into_iter().map(|c| c.label).collect(),
            typed,
        )
    }

    #[test]
    fn after_confidence_come_its_three_values() {
        let (labels, typed) = labels_at_end("---\ntitle: T\nconfidence: ");
        assert_eq!(labels, ["low", "moderate", "high"]);
        assert_eq!(typed, "");
        let (_, typed) = labels_at_end("---\nconfidence: mod");
        assert_eq!(typed, "mod");
    }

    #[test]
    fn keys_where_a_key_goes_without_those_already_written() {
        let (labels, typed) = labels_at_end("---\ntitle: T\nconf");
        assert!(labels.contains(&"confidence".to_owned()));
        assert!(!labels.contains(&"title".to_owned()));
        assert_eq!(typed, "conf");
        let (labels, _) = labels_at_end("---\nactors:\n  - name: Iran\n    lev");
        assert_eq!(
            labels,
            ["leverage", "mechanism", "name", "rationale", "stakes"]
        );
        let completion = complete("---\nactors:\n  - ", 16, None, None, today()).unwrap();
        let leverage = completion
            .candidates
            .iter()
            .find(|c| c.label == "leverage")
            .unwrap();
        assert_eq!(leverage.insert.as_deref(), Some("leverage: "));
        assert!(
            leverage
                .documentation
                .as_deref()
                .unwrap()
                .contains("Range: −5 to 5.")
        );
    }

    #[test]
    fn vocabularies_for_markings_admiralty_codes_and_likelihoods() {
        let (labels, typed) = labels_at_end("---\nmarking: TLP:G");
        assert_eq!(labels.len(), 5);
        assert_eq!(typed, "TLP:G");
        let (labels, _) = labels_at_end("---\nsources:\n  - title: Wire\n    reliability: ");
        assert_eq!(labels, ["A", "B", "C", "D", "E", "F"]);
        let (labels, _) = labels_at_end("---\nscenarios:\n  - name: S\n    likelihood: ro");
        assert!(labels.contains(&"roughly even chance".to_owned()));
        let (labels, _) = labels_at_end("---\ndate: ");
        assert_eq!(labels, ["2026-11-20"]);
        let (labels, typed) = labels_at_end("---\nwatch:\n  - indicator: X\n    status: ");
        assert_eq!(labels, ["open", "observed", "lapsed"]);
        assert_eq!(typed, "");
    }

    #[test]
    fn in_a_flow_list_only_the_last_item_is_replaced() {
        let text = "---\nwatch:\n  - indicator: X\n    supports: [A, Cea";
        let completion = complete(text, text.len(), None, None, today()).unwrap();
        assert_eq!(&text[completion.typed], "Cea");
    }

    #[test]
    fn the_body_offers_nothing() {
        let text = "---\ntitle: T\n---\nconf";
        assert_eq!(complete(text, text.len(), None, None, today()), None);
    }
}
