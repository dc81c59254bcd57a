//! A spanned YAML tree into `FrontMatter`, enforcing every rule of SPEC §2.

use std::collections::HashMap;

use crate::config::Aliases;
use crate::decode::Decoder;
use crate::diag::Code;
use crate::names::{SLUG_RULE, is_reserved_brief_name, is_slug, report_reserved_brief_name};
use crate::note::frontmatter::{
    ActorEntry, FrontMatter, JudgmentEntry, ScenarioEntry, SourceEntry, WatchEntry, keys,
};
use crate::vocab::{
    Confidence, Likelihood, LikelihoodError, Marking, NoteKind, Reliability, Review, Status,
};
use crate::yaml::{Node, Value};

/// Marks a value the analyst still has to write (left by `brief new`).
pub(crate) const PLACEHOLDER: &str = "TODO";

/// Whether `text` starts with the placeholder as a word (`TODO`, `TODO:`,
/// `TODO …`), not as part of one (`TODOs`).
pub(crate) fn is_placeholder(text: &str) -> bool {
    text.trim_start()
        .strip_prefix(PLACEHOLDER)
        .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

/// Decodes the front matter; `None` when a required part is unusable.
/// All problems found are left in the decoder. Beside it, the position
/// under `actors:` of each actor kept (an invalid or repeated entry is
/// dropped), so that spans read from the YAML line up with `actors`.
pub(crate) fn front_matter(
    d: &mut Decoder,
    root: &Node,
    aliases: &Aliases,
    opening: std::ops::Range<usize>,
) -> Option<(FrontMatter, Vec<usize>)> {
    if root.value == Value::Null {
        d.error_at(Code::MissingKey, opening, "the front matter is empty")
            .help = Some("add at least `title:` and `date:` between the `---` lines".to_owned());
        return None;
    }
    let entries = d.map(root, "the front matter")?;
    let keys = keys();
    d.check_keys_with_hint(entries, &keys.note, "the front matter", |name| {
        nested_home(name)
            .map(|(list, key)| format!("`{key}` belongs to each entry under `{list}:`"))
    });
    report_placeholders(d, root, "");

    let title = required(
        d,
        entries,
        "title",
        &opening,
        "one line saying what happened",
    )
    .and_then(|n| d.non_empty_text(n, "title"));
    let date = required(
        d,
        entries,
        "date",
        &opening,
        "the date of the development, e.g. 2026-11-20",
    )
    .and_then(|n| d.date(n, "date"));
    let brief = d.field(entries, "brief").and_then(|n| slug(d, n));
    let author = d
        .field(entries, "author")
        .and_then(|n| d.non_empty_text(n, "author"));
    let confidence = d
        .field(entries, "confidence")
        .and_then(|n| d.choice(n, "confidence", &Confidence::NAMES, Confidence::parse))
        .unwrap_or_default();
    let marking = d.field(entries, "marking").and_then(|n| marking(d, n));
    let kind = d
        .field(entries, "kind")
        .and_then(|n| d.choice(n, "kind", &NoteKind::NAMES, NoteKind::parse))
        .unwrap_or_default();
    let review = d
        .field(entries, "review")
        .and_then(|n| d.choice(n, "review", &Review::NAMES, Review::parse));
    let tags = list(d, entries, "tags", |d, n| d.non_empty_text(n, "tags"));
    let sources = list(d, entries, "sources", source);
    let (actor_items, actors): (Vec<usize>, Vec<ActorEntry>) =
        actors(d, entries, aliases).into_iter().unzip();
    let watch = list(d, entries, "watch", watch_entry);
    let scenarios = list(d, entries, "scenarios", scenario);
    let judgments = list(d, entries, "judgments", judgment);
    check_kind(d, entries, kind, &opening);

    let front = FrontMatter {
        title: title?,
        date: date?,
        brief,
        author,
        confidence,
        marking,
        kind,
        review,
        tags,
        sources,
        actors,
        watch,
        scenarios,
        judgments,
    };
    Some((front, actor_items))
}

/// Which list's entries take `name` (or a near spelling of it), for keys
/// written at the top level by mistake.
fn nested_home(name: &str) -> Option<(&'static str, String)> {
    let keys = keys();
    let lists: [(&'static str, &Vec<String>); 5] = [
        ("actors", &keys.actor),
        ("sources", &keys.source),
        ("watch", &keys.watch),
        ("scenarios", &keys.scenario),
        ("judgments", &keys.judgment),
    ];
    lists.into_iter().find_map(|(list, allowed)| {
        crate::decode::did_you_mean(name, allowed.iter().map(String::as_str))
            .map(|key| (list, key.to_owned()))
    })
}

/// A required key's value, or an error at the opening fence saying what to add.
fn required<'n>(
    d: &mut Decoder,
    entries: &'n [(Node, Node)],
    key: &str,
    opening: &std::ops::Range<usize>,
    what: &str,
) -> Option<&'n Node> {
    if let Some(node) = d.field(entries, key) {
        return Some(node);
    }
    match d.key_node(entries, key) {
        Some(key_node) => {
            d.error(Code::EmptyValue, key_node, format!("`{key}` is empty"))
                .help = Some(format!("write {what}"));
        }
        None => {
            d.error_at(
                Code::MissingKey,
                opening.clone(),
                format!("missing `{key}` in the front matter"),
            )
            .help = Some(format!("add `{key}:` with {what}"));
        }
    }
    None
}

fn slug(d: &mut Decoder, node: &Node) -> Option<String> {
    let text = d.non_empty_text(node, "brief")?;
    if is_reserved_brief_name(&text) {
        report_reserved_brief_name(d, node, &text);
        return None;
    }
    if is_slug(&text) {
        return Some(text);
    }
    d.error(
        Code::UnknownValue,
        node,
        format!("`{text}` is not a valid brief name"),
    )
    .help = Some(format!("brief names use {SLUG_RULE}"));
    None
}

fn marking(d: &mut Decoder, node: &Node) -> Option<Marking> {
    d.choice(node, "marking", &Marking::LABELS, Marking::parse)
}

/// Decodes each item of an optional list; items that fail are dropped
/// (their problems are already recorded).
fn list<T>(
    d: &mut Decoder,
    entries: &[(Node, Node)],
    key: &str,
    decode_item: impl Fn(&mut Decoder, &Node) -> Option<T>,
) -> Vec<T> {
    let Some(node) = d.field(entries, key) else {
        return Vec::new();
    };
    let Some(items) = d.list(node, key) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| decode_item(d, item))
        .collect()
}

/// The entries of one list item that must be a mapping, with its keys checked.
fn item<'n>(
    d: &mut Decoder,
    node: &'n Node,
    what: &str,
    allowed: &[String],
) -> Option<&'n [(Node, Node)]> {
    let entries = d.map(node, what)?;
    d.check_keys(entries, allowed, what);
    Some(entries)
}

/// A required field of a list item, or an error at the item.
fn item_field<'n>(
    d: &mut Decoder,
    entries: &'n [(Node, Node)],
    item: &Node,
    key: &str,
    what: &str,
) -> Option<&'n Node> {
    if let Some(node) = d.field(entries, key) {
        return Some(node);
    }
    // A misspelt key (`levarage`) already has its error, which suggests
    // this one; saying it is missing as well would be noise.
    let misspelt = entries.iter().any(|(k, _)| {
        let name = d.key_name(k);
        name != key && crate::decode::did_you_mean(&name, std::iter::once(key)).is_some()
    });
    if misspelt {
        return None;
    }
    let at = d.key_node(entries, key).unwrap_or(item).clone();
    d.error(Code::MissingKey, &at, format!("{what} has no `{key}`"));
    None
}

fn source(d: &mut Decoder, node: &Node) -> Option<SourceEntry> {
    let entries = item(d, node, "a source", &keys().source)?;
    let title = item_field(d, entries, node, "title", "a source")
        .and_then(|n| d.non_empty_text(n, "title"));
    let url = d.field(entries, "url").and_then(|n| url(d, n));
    let reliability = d
        .field(entries, "reliability")
        .and_then(|n| d.choice(n, "reliability", &Reliability::NAMES, Reliability::parse));
    let credibility = d
        .field(entries, "credibility")
        .and_then(|n| d.integer(n, "credibility", 1, 6))
        .map(|n| n as u8);
    Some(SourceEntry {
        title: title?,
        url,
        reliability,
        credibility,
    })
}

/// Links are kept only when they are web or mail addresses: anything else
/// (`javascript:`, `file:`, …) could not be clicked safely in a brief.
fn url(d: &mut Decoder, node: &Node) -> Option<String> {
    let text = d.non_empty_text(node, "url")?;
    if is_placeholder(&text) {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    if ["http://", "https://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return Some(text);
    }
    d.error(
        Code::UnknownValue,
        node,
        format!("`url` must start with http://, https:// or mailto:, not `{text}`"),
    );
    None
}

/// The valid actors, each with its position in the list.
fn actors(
    d: &mut Decoder,
    entries: &[(Node, Node)],
    aliases: &Aliases,
) -> Vec<(usize, ActorEntry)> {
    let Some(node) = d.field(entries, "actors") else {
        return Vec::new();
    };
    let Some(items) = d.list(node, "actors") else {
        return Vec::new();
    };
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    for (position, item_node) in items.iter().enumerate() {
        // Duplicates are found by name even when the rest of the entry is invalid.
        let name_node = item_field_node(d, item_node, "name");
        let name = match name_node.map(|n| &n.value) {
            Some(Value::Str(name)) if !name.trim().is_empty() => Some(name.trim().to_owned()),
            _ => None,
        };
        let duplicate = name
            .as_ref()
            .zip(name_node)
            .is_some_and(|(name, name_node)| {
                let key = aliases.key(name);
                match seen.get(&key) {
                    Some(first) => {
                        let message = if first == name {
                            format!("actor `{name}` is scored twice in this note")
                        } else {
                            format!(
                                "actor `{name}` is scored twice in this note (as `{first}` too)"
                            )
                        };
                        d.error(Code::DuplicateActor, name_node, message).help = Some(
                            "score each actor once per note; merge the two entries".to_owned(),
                        );
                        true
                    }
                    None => {
                        seen.insert(key, name.clone());
                        false
                    }
                }
            });
        if let Some(actor) = actor(d, item_node)
            && !duplicate
        {
            out.push((position, actor));
        }
    }
    out
}

fn item_field_node<'n>(d: &Decoder, item: &'n Node, key: &str) -> Option<&'n Node> {
    match &item.value {
        Value::Map(entries) => d.field(entries, key),
        _ => None,
    }
}

fn actor(d: &mut Decoder, node: &Node) -> Option<ActorEntry> {
    let entries = item(d, node, "an actor", &keys().actor)?;
    let name =
        item_field(d, entries, node, "name", "an actor").and_then(|n| d.non_empty_text(n, "name"));
    let leverage = item_field(d, entries, node, "leverage", "an actor")
        .and_then(|n| d.integer(n, "leverage", -5, 5));
    let stakes = item_field(d, entries, node, "stakes", "an actor")
        .and_then(|n| d.integer(n, "stakes", 0, 5));
    let mechanism = d
        .field(entries, "mechanism")
        .and_then(|n| d.non_empty_text(n, "mechanism"));
    let rationale = d
        .field(entries, "rationale")
        .and_then(|n| d.non_empty_text(n, "rationale"));
    Some(ActorEntry {
        name: name?,
        leverage: leverage? as i8,
        stakes: stakes? as u8,
        mechanism,
        rationale,
    })
}

fn watch_entry(d: &mut Decoder, node: &Node) -> Option<WatchEntry> {
    let entries = item(d, node, "a watch item", &keys().watch)?;
    let indicator = item_field(d, entries, node, "indicator", "a watch item")
        .and_then(|n| d.non_empty_text(n, "indicator"));
    let due = d.field(entries, "due").and_then(|n| d.date(n, "due"));
    let status = d
        .field(entries, "status")
        .and_then(|n| d.choice(n, "status", &Status::NAMES, Status::parse))
        .unwrap_or_default();
    let supports = scenario_names(d, entries, "supports");
    let undermines = scenario_names(d, entries, "undermines");
    both_ways(d, entries, &supports, &undermines);
    Some(WatchEntry {
        indicator: indicator?,
        due,
        status,
        supports,
        undermines,
    })
}

/// `supports:` or `undermines:` of a watch item: scenario names.
fn scenario_names(d: &mut Decoder, entries: &[(Node, Node)], key: &str) -> Vec<String> {
    list(d, entries, key, |d, n| d.non_empty_text(n, key))
}

/// One indicator cannot both support and undermine a scenario.
fn both_ways(
    d: &mut Decoder,
    entries: &[(Node, Node)],
    supports: &[String],
    undermines: &[String],
) {
    let Some(node) = d.field(entries, "undermines").cloned() else {
        return;
    };
    for name in undermines {
        let key = crate::names::watch_key(name);
        if supports.iter().any(|s| crate::names::watch_key(s) == key) {
            d.error(
                Code::IndicatorBothWays,
                &node,
                format!("this indicator both supports and undermines `{name}`"),
            )
            .help = Some("keep the scenario under the one list that says what observing the indicator would mean".to_owned());
        }
    }
}

/// What each kind of note may carry: a judgments note has judgments and
/// scores nothing; a note scores and has no judgments.
fn check_kind(
    d: &mut Decoder,
    entries: &[(Node, Node)],
    kind: NoteKind,
    opening: &std::ops::Range<usize>,
) {
    match kind {
        NoteKind::Judgments => {
            for key in ["actors", "watch", "scenarios"] {
                if let Some(key_node) = d.key_node(entries, key).cloned() {
                    d.error(
                        Code::WrongKind,
                        &key_node,
                        format!("a `kind: judgments` note has no `{key}`"),
                    )
                    .help = Some(format!(
                        "key judgments score nothing themselves: put `{key}:` in a note of the brief"
                    ));
                }
            }
            if d.field(entries, "judgments").is_none() {
                let at = d
                    .field(entries, "kind")
                    .map_or_else(|| opening.clone(), |n| d.span(n));
                d.error_at(
                    Code::MissingKey,
                    at,
                    "a `kind: judgments` note has no `judgments:`",
                )
                .help = Some(
                    "add `judgments:` with entries like `- text: …` `confidence: moderate` `likelihood: likely`"
                        .to_owned(),
                );
            }
        }
        NoteKind::Note => {
            if let Some(key_node) = d.key_node(entries, "judgments").cloned() {
                d.error(
                    Code::WrongKind,
                    &key_node,
                    "`judgments` belong to a `kind: judgments` note",
                )
                .help = Some(
                    "add `kind: judgments` and move this note's scores into another note, or drop `judgments:`"
                        .to_owned(),
                );
            }
        }
    }
}

fn judgment(d: &mut Decoder, node: &Node) -> Option<JudgmentEntry> {
    let entries = item(d, node, "a judgment", &keys().judgment)?;
    let text = item_field(d, entries, node, "text", "a judgment")
        .and_then(|n| d.non_empty_text(n, "text"));
    let confidence = d
        .field(entries, "confidence")
        .and_then(|n| d.choice(n, "confidence", &Confidence::NAMES, Confidence::parse));
    let likelihood = match d.field(entries, "likelihood") {
        Some(n) => Some(likelihood(d, n)?),
        None => None,
    };
    Some(JudgmentEntry {
        text: text?,
        confidence,
        likelihood,
    })
}

fn scenario(d: &mut Decoder, node: &Node) -> Option<ScenarioEntry> {
    let entries = item(d, node, "a scenario", &keys().scenario)?;
    let name = item_field(d, entries, node, "name", "a scenario")
        .and_then(|n| d.non_empty_text(n, "name"));
    let likelihood =
        item_field(d, entries, node, "likelihood", "a scenario").and_then(|n| likelihood(d, n));
    Some(ScenarioEntry {
        name: name?,
        likelihood: likelihood?,
    })
}

fn likelihood(d: &mut Decoder, node: &Node) -> Option<Likelihood> {
    if let Value::Int(_) | Value::Float(_) = node.value {
        let written = d.raw(node).to_owned();
        d.error(
            Code::WrongType,
            node,
            format!("`likelihood` must be a term or a percentage, not the number {written}"),
        )
        .help = Some(format!(
            "write a percentage with its sign, in quotes: `likelihood: \"{written}%\"`"
        ));
        return None;
    }
    let text = d.non_empty_text(node, "likelihood")?;
    match Likelihood::parse(&text) {
        Ok(likelihood) => Some(likelihood),
        Err(LikelihoodError::PercentOutOfRange) => {
            d.error(
                Code::OutOfRange,
                node,
                format!("likelihood `{text}` must be strictly between 0% and 100%"),
            )
            .help = Some("estimates are never certain: use 99% or `almost certain`".to_owned());
            None
        }
        Err(LikelihoodError::Unknown) => {
            let terms: Vec<&str> = crate::vocab::Term::ALL.iter().map(|t| t.name()).collect();
            let near = crate::decode::did_you_mean(&text, terms.iter().copied());
            d.error(
                Code::UnknownValue,
                node,
                format!("unknown likelihood `{text}`"),
            )
            .suggest_or(near, || {
                format!(
                    "use an ICD 203 term ({}) or a percentage like \"60%\"",
                    terms.join(", ")
                )
            });
            None
        }
    }
}

/// Every text value still starting with `TODO` is an error telling the
/// analyst what to write there.
fn report_placeholders(d: &mut Decoder, node: &Node, key: &str) {
    match &node.value {
        Value::Str(text) if is_placeholder(text) => {
            let what = text
                .trim_start()
                .trim_start_matches(PLACEHOLDER)
                .trim_start_matches([':', ' '])
                .trim();
            let message = if key.is_empty() {
                "placeholder left in the front matter".to_owned()
            } else {
                format!("`{key}` is still a placeholder")
            };
            let diagnostic = d.error(Code::Placeholder, node, message);
            if !what.is_empty() {
                diagnostic.help = Some(format!("replace it with {what}"));
            }
        }
        Value::Seq(items) => items.iter().for_each(|i| report_placeholders(d, i, key)),
        Value::Map(entries) => {
            for (k, v) in entries {
                let name = d.key_name(k);
                report_placeholders(d, v, &name);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::diag::Diagnostic;

    /// Validates `yaml` as front matter (against a config that knows
    /// `Iran` by its alias `Tehran`): the value and (line, message, help)
    /// of every problem.
    /// (line, message, help) of one problem.
    type Problem = (usize, String, Option<String>);

    fn validate(yaml: &str) -> (Option<FrontMatter>, Vec<Problem>) {
        let text: Arc<str> = Arc::from(yaml);
        let config = crate::config::parse(
            Path::new("brief.yaml"),
            &Arc::from("title: T\nactors:\n  Iran: { aliases: [Tehran] }\n"),
        )
        .config
        .expect("valid config");
        let root = crate::yaml::parse(yaml).expect("valid YAML");
        let mut d = Decoder::new(Path::new("briefs/x/n.md"), &text, 0);
        let front =
            front_matter(&mut d, &root, &config.actor_aliases(), 0..0).map(|(front, _)| front);
        let problems = d
            .diagnostics
            .iter()
            .map(|p: &Diagnostic| {
                let line = p.line_col().map_or(0, |(line, _)| line);
                (line, p.message.clone(), p.help.clone())
            })
            .collect();
        (front, problems)
    }

    #[test]
    fn a_complete_front_matter_becomes_typed_values() {
        let (front, problems) = validate(
            "title: Talks resume\ndate: 2026-11-20\nconfidence: high\nmarking: amber+strict\nactors:\n  - name: Iran\n    leverage: -2\n    stakes: 4\n    rationale: Lost its channel.\nwatch:\n  - indicator: Funds move\n    due: 2026-12-01\n    status: observed\n",
        );
        assert_eq!(problems, []);
        let front = front.expect("valid");
        assert_eq!(front.confidence, Confidence::High);
        assert_eq!(front.marking, Some(Marking::AmberStrict));
        assert_eq!((front.actors[0].leverage, front.actors[0].stakes), (-2, 4));
        assert_eq!(front.watch[0].status, Status::Observed);
    }

    #[test]
    fn scores_out_of_range_or_fractional_are_errors_at_their_line() {
        let (_, problems) = validate(
            "title: T\ndate: 2026-11-20\nactors:\n  - name: Iran\n    leverage: 6\n    stakes: 2.5\n",
        );
        let lines: Vec<usize> = problems.iter().map(|p| p.0).collect();
        assert_eq!(lines, [5, 6], "{problems:?}");
    }

    #[test]
    fn a_misspelt_key_gets_a_did_you_mean() {
        let (_, problems) = validate(
            "title: T\ndate: 2026-11-20\nactors:\n  - name: Iran\n    levarage: 2\n    stakes: 1\n",
        );
        let help = problems
            .iter()
            .find_map(|p| p.2.clone().filter(|_| p.0 == 5))
            .expect("a problem at the misspelt key");
        assert!(help.contains("`leverage`"), "{help}");
    }

    #[test]
    fn an_actor_scored_twice_through_an_alias_is_an_error() {
        let (front, problems) = validate(
            "title: T\ndate: 2026-11-20\nactors:\n  - name: Iran\n    leverage: 1\n    stakes: 1\n  - name: Tehran\n    leverage: 2\n    stakes: 1\n",
        );
        assert_eq!(
            front.map(|f| f.actors.len()),
            Some(1),
            "the second is dropped"
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, 7);
        assert!(problems[0].1.contains("scored twice"), "{problems:?}");
    }

    #[test]
    fn missing_title_and_bad_date_are_both_reported() {
        let (front, problems) = validate("date: 2026-02-30\n");
        assert!(front.is_none());
        let messages: Vec<&str> = problems.iter().map(|p| p.1.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages.iter().any(|m| m.contains("`title`")),
            "{messages:?}"
        );
    }

    #[test]
    fn an_index_brief_is_refused_with_the_reason() {
        let (_, problems) = validate("title: T\ndate: 2026-11-20\nbrief: index\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].1, "`index` cannot name a brief");
        let help = problems[0].2.as_deref().unwrap_or_default();
        assert!(
            help.starts_with("`index.html` is the build's contents page"),
            "{help}"
        );
    }

    #[test]
    fn placeholders_are_words_not_prefixes() {
        assert!(is_placeholder("TODO: the title"));
        assert!(is_placeholder("  TODO"));
        assert!(!is_placeholder("TODOs remain"));
    }
}
