//! Hover: on a key, what it means and what it takes; on an actor, where
//! it stands in its brief now (from the same aggregation `build` runs);
//! on a marking, who may receive it.

use std::ops::Range;

use super::context;
use super::project::Project;
use super::schema;
use crate::names::normalise_name;
use crate::render::format::signed2;
use crate::vocab::{Likelihood, Marking, Reliability};

/// Who may receive a note under `marking` (TLP 2.0, in brief).
pub(crate) fn audience(marking: Marking) -> &'static str {
    match marking {
        Marking::Clear => "anyone: disclosure is not limited",
        Marking::Green => "the recipient's community, not published",
        Marking::Amber => "the recipient's organisation and its clients, on a need to know",
        Marking::AmberStrict => "the recipient's organisation only",
        Marking::Red => "the named recipients only",
    }
}

/// What to show at `offset` of note `relative`'s `text`: markdown, and
/// the bytes it is about.
pub(crate) fn hover(
    text: &str,
    offset: usize,
    project: Option<&Project>,
    brief: Option<&str>,
) -> Option<(String, Range<usize>)> {
    let line = context::at(text, offset)?;
    let (key, key_span) = line.key.clone()?;
    let on_key = key_span.start <= offset && offset <= key_span.end;
    let on_value = line.colon && line.value.start <= offset && offset <= line.value.end;
    if on_value && !line.value.is_empty() {
        let value = &text[line.value.clone()];
        if let Some(shown) = value_hover(line.parent(), &key, value, project, brief) {
            return Some((shown, line.value.clone()));
        }
    }
    if on_key && line.colon {
        return Some((key_hover(line.parent(), &key)?, key_span));
    }
    None
}

fn key_hover(parent: Option<&str>, key: &str) -> Option<String> {
    let info = schema::key_info(parent, key)?;
    let mut shown = format!("**{key}**");
    if let Some(parent) = parent {
        shown.push_str(&format!(" (in `{parent}`)"));
    }
    shown.push_str(&format!("\n\n{}", info.description));
    if let Some(range) = info.range {
        shown.push_str(&format!("\n\nRange: {range}."));
    }
    if !info.values.is_empty() {
        shown.push_str(&format!("\n\nValues: {}.", info.values.join(", ")));
    }
    if let Some(default) = info.default {
        shown.push_str(&format!("\n\nDefault: `{default}`."));
    }
    Some(shown)
}

fn value_hover(
    parent: Option<&str>,
    key: &str,
    value: &str,
    project: Option<&Project>,
    brief: Option<&str>,
) -> Option<String> {
    match (parent, key) {
        (Some("actors"), "name") => actor_standing(project?, brief?, value),
        (None, "marking") => {
            let marking = Marking::parse(value)?;
            Some(marking_hover(marking, project))
        }
        (Some("sources"), "reliability") => {
            let grade = Reliability::parse(value)?;
            Some(format!("**{}**: {}", grade.as_str(), grade.meaning()))
        }
        (Some("sources"), "credibility") => {
            let grade: u8 = value.parse().ok().filter(|g| (1..=6).contains(g))?;
            Some(format!(
                "**{grade}**: {}",
                crate::render::format::credibility(Some(grade))
            ))
        }
        (Some("scenarios" | "judgments"), "likelihood") => {
            let likelihood = Likelihood::parse(value).ok()?;
            let [low, high] = likelihood.term.band();
            Some(format!(
                "**{}** (ICD 203): {low}–{high}%",
                likelihood.term.name()
            ))
        }
        _ => None,
    }
}

fn marking_hover(marking: Marking, project: Option<&Project>) -> String {
    let mut shown = format!("**{}**: for {}.", marking.label(), audience(marking));
    let Some(config) = project.and_then(Project::config) else {
        return shown;
    };
    let (receive, withheld): (Vec<_>, Vec<_>) = config
        .packets
        .iter()
        .partition(|(_, packet)| marking.releasable_to(packet.audience));
    let names = |list: &[(&String, _)]| {
        list.iter()
            .map(|(name, _)| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !receive.is_empty() {
        shown.push_str(&format!(
            "\n\nPackets that include it: {}.",
            names(&receive)
        ));
    }
    if !withheld.is_empty() {
        shown.push_str(&format!(
            "\n\nWithheld from: {}.",
            withheld
                .iter()
                .map(|(name, packet)| format!("`{name}` ({})", packet.audience.label()))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    shown
}

/// Actor `written` (any spelling brief.yaml resolves) in brief `brief`,
/// aggregated as `build` would now.
fn actor_standing(project: &Project, brief: &str, written: &str) -> Option<String> {
    let config = project.config()?;
    let canonical = config
        .actor_aliases()
        .resolve(written)
        .map_or_else(|| written.to_owned(), str::to_owned);
    let notes: Vec<&crate::note::Note> =
        project.notes.iter().filter(|n| n.brief == brief).collect();
    let aggregated = crate::aggregate::aggregate(brief, &notes, config, None)?;
    let model = &aggregated.brief;
    let wanted = normalise_name(&canonical);
    let Some(actor) = model
        .actors
        .iter()
        .find(|a| normalise_name(&a.name) == wanted)
    else {
        return Some(format!(
            "**{canonical}** is scored by no valid note of *{}* yet.",
            model.title
        ));
    };
    let rank = model
        .actors
        .iter()
        .position(|a| a.name == actor.name)
        .map_or(0, |i| i + 1);
    let contested = if actor.contested {
        format!("contested (scores span {})", actor.range)
    } else {
        format!("not contested (scores span {})", actor.range)
    };
    let notes = if actor.notes == 1 {
        "1 note".to_owned()
    } else {
        format!("{} notes", actor.notes)
    };
    Some(format!(
        "**{}** in *{}*, as of {}\n\n- weighted leverage **{}** (rank {rank} of {})\n- stakes {:.2}\n- trend {}\n- {contested}\n- {notes}",
        actor.name,
        model.title,
        model.as_of,
        signed2(actor.leverage),
        model.actors.len(),
        actor.stakes,
        actor.trend.as_str(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_show_their_meaning_and_range() {
        let text = "---\nactors:\n  - name: Iran\n    leverage: 2\n---\n";
        let at = text.find("leverage").unwrap() + 3;
        let (shown, span) = hover(text, at, None, None).unwrap();
        assert!(shown.starts_with("**leverage** (in `actors`)"), "{shown}");
        assert!(shown.contains("Range: −5 to 5."), "{shown}");
        assert_eq!(&text[span], "leverage");
    }

    #[test]
    fn markings_say_who_may_receive_them() {
        let text = "---\nmarking: amber+strict\n---\n";
        let at = text.find("amber").unwrap();
        let (shown, span) = hover(text, at, None, None).unwrap();
        assert_eq!(
            shown,
            "**TLP:AMBER+STRICT**: for the recipient's organisation only."
        );
        assert_eq!(&text[span], "amber+strict");
    }

    #[test]
    fn values_of_the_vocabularies_are_explained() {
        let text = "---\nsources:\n  - title: W\n    reliability: B\n    credibility: 2\nscenarios:\n  - name: S\n    likelihood: 60%\n---\n";
        let show = |needle: &str| {
            hover(text, text.find(needle).unwrap(), None, None)
                .unwrap()
                .0
        };
        assert_eq!(show("B\n"), "**B**: usually reliable");
        assert_eq!(show("2\n"), "**2**: probably true");
        assert_eq!(show("60%"), "**likely** (ICD 203): 55–80%");
    }
}
