//! The "Since DATE" box: what changed since an earlier as-of date, one
//! line per change, signed like `brief diff`.

use serde::Serialize;

use crate::model::{Changes, WatchChangeKind};
use crate::render::format::{long_date, signed2};

/// Everything `partials/changes.html` reads.
#[derive(Debug, Serialize)]
pub(crate) struct ChangesView {
    since: String,
    since_text: String,
    items: Vec<ChangeItem>,
}

#[derive(Debug, Serialize)]
struct ChangeItem {
    /// `up`, `down`, `alert` or `` (neutral): the sign's colour.
    class: &'static str,
    /// `+`, `−`, `~` or `!`, shown before the line.
    sign: &'static str,
    /// What kind of change, e.g. `Leverage`.
    label: &'static str,
    /// The actor, mechanism, indicator or note it is about.
    name: String,
    detail: String,
}

impl ChangesView {
    pub(crate) fn new(c: &Changes) -> ChangesView {
        let mut items = Vec::new();
        let mut push = |class, sign, label, name: String, detail: String| {
            items.push(ChangeItem {
                class,
                sign,
                label,
                name,
                detail,
            });
        };
        for m in &c.moved {
            let (class, sign) = if m.delta > 0.0 {
                ("up", "+")
            } else {
                ("down", "−")
            };
            push(
                class,
                sign,
                "Leverage",
                m.name.clone(),
                format!(
                    "{} → {} ({}); rank {} → {}",
                    signed2(m.from),
                    signed2(m.to),
                    signed2(m.delta),
                    m.rank_from,
                    m.rank_to
                ),
            );
        }
        for a in &c.new_actors {
            push(
                "up",
                "+",
                "New actor",
                a.name.clone(),
                format!(
                    "leverage {}, rank {}{}",
                    signed2(a.leverage),
                    a.rank,
                    if a.contested { ", contested" } else { "" }
                ),
            );
        }
        for a in &c.contested {
            if a.contested {
                push(
                    "alert",
                    "!",
                    "Now contested",
                    a.name.clone(),
                    format!("scores range {}", a.range),
                );
            } else {
                push(
                    "",
                    "~",
                    "No longer contested",
                    a.name.clone(),
                    format!("scores range {}", a.range),
                );
            }
        }
        if let Some(m) = &c.dominant_mechanism {
            push(
                "",
                "~",
                "Dominant mechanism",
                m.to.clone().unwrap_or_else(|| "none".to_owned()),
                format!("was {}", m.from.as_deref().unwrap_or("none")),
            );
        }
        for w in &c.watch {
            let due = w.due.map(|d| format!("due {d}")).unwrap_or_default();
            let (class, sign, label) = match w.change {
                WatchChangeKind::New => ("up", "+", "New watch item"),
                WatchChangeKind::Observed => ("", "~", "Observed"),
                WatchChangeKind::Lapsed => ("down", "−", "Lapsed"),
                WatchChangeKind::Overdue => ("alert", "!", "Overdue"),
            };
            push(class, sign, label, w.indicator.clone(), due);
        }
        for n in &c.notes_added {
            push(
                "up",
                "+",
                "Note",
                n.title.clone(),
                format!("{} · {}", n.date, n.marking.label()),
            );
        }
        if let Some(m) = &c.marking {
            push(
                "",
                "~",
                "Marking",
                m.to.label().to_owned(),
                format!("was {}", m.from.map_or("none", |f| f.label())),
            );
        }
        ChangesView {
            since: c.since.to_string(),
            since_text: long_date(c.since),
            items,
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::model::{ActorMove, WatchChange};
    use crate::vocab::Status;

    #[test]
    fn each_change_is_signed_like_a_diff() {
        let changes = Changes {
            since: date(2026, 11, 13),
            moved: vec![ActorMove {
                name: "Iran".to_owned(),
                from: 0.5,
                to: 1.5,
                delta: 1.0,
                rank_from: 2,
                rank_to: 1,
            }],
            watch: vec![WatchChange {
                indicator: "Sanctions waiver".to_owned(),
                change: WatchChangeKind::Overdue,
                due: Some(date(2026, 11, 15)),
                status: Status::Open,
            }],
            ..Changes::default()
        };
        let view = ChangesView::new(&changes);
        assert_eq!(view.since_text, "13 November 2026");
        let lines: Vec<(&str, &str, &str, &str)> = view
            .items
            .iter()
            .map(|i| (i.sign, i.label, i.name.as_str(), i.detail.as_str()))
            .collect();
        assert_eq!(
            lines,
            [
                ("+", "Leverage", "Iran", "+0.50 → +1.50 (+1.00); rank 2 → 1"),
                ("!", "Overdue", "Sanctions waiver", "due 2026-11-15"),
            ]
        );
    }
}
