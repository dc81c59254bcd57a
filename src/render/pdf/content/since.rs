//! The "Since DATE" box a brief opens with when asked what changed.

use super::super::fonts::Family;
use super::super::layout::{Block, Rgb, Span, Style};
use super::style::{Anchors, GAIN, LOSS, empty, heading, muted, para};
use crate::model::{
    ActorMove, Changes, ContestedChange, MarkingChange, MechanismChange, NewActor, NoteRef,
    WatchChange, WatchChangeKind,
};
use crate::render::format::{long_date, signed2};

/// The "Since DATE" box: a heading, then one line per change, each led by
/// a coloured sign as in `brief diff`.
pub(super) fn since_blocks(
    changes: &Changes,
    anchors: &Anchors<'_>,
    level: u8,
    out: &mut Vec<Block>,
) {
    out.push(heading(
        &format!("Since {}", long_date(changes.since)),
        anchors.of("since"),
        level,
    ));
    let lines = change_lines(changes);
    if lines.is_empty() {
        out.push(empty("Nothing changed."));
        return;
    }
    let body = Style::new(Family::Sans, 9.0);
    let label = muted(9.0);
    let bold = body.clone().bold();
    for line in lines {
        let mut p = para(
            vec![
                Span::new(line.what, label.clone()),
                Span::new(line.name, bold.clone()),
                Span::new(line.detail, body.clone()),
            ],
            13.0,
            2.0,
        );
        p.indent = 14.0;
        p.marker = Some(vec![Span::new(
            line.sign,
            body.clone().bold().color(line.colour),
        )]);
        out.push(Block::Para(p));
    }
}

/// One line of the box: `sign what name detail`, e.g. `+ New actor: Oman
/// leverage +1.00, rank 3`.
struct ChangeLine {
    colour: Rgb,
    sign: &'static str,
    what: &'static str,
    name: String,
    detail: String,
}

impl ChangeLine {
    fn new(
        colour: Rgb,
        sign: &'static str,
        what: &'static str,
        name: String,
        detail: String,
    ) -> Self {
        ChangeLine {
            colour,
            sign,
            what,
            name,
            detail,
        }
    }
}

/// Every change, in `brief diff`'s order: leverage, actors, contest,
/// mechanism, watch items, notes, marking.
fn change_lines(changes: &Changes) -> Vec<ChangeLine> {
    let mut lines: Vec<ChangeLine> = changes.moved.iter().map(moved).collect();
    lines.extend(changes.new_actors.iter().map(new_actor));
    lines.extend(changes.contested.iter().map(contest));
    lines.extend(changes.dominant_mechanism.iter().map(mechanism));
    lines.extend(changes.watch.iter().map(watch));
    lines.extend(changes.notes_added.iter().map(note_added));
    lines.extend(changes.marking.iter().map(marking));
    lines
}

fn moved(m: &ActorMove) -> ChangeLine {
    let (colour, sign) = if m.delta > 0.0 {
        (GAIN, "+")
    } else {
        (LOSS, "–")
    };
    let detail = format!(
        " {} to {} ({}); rank {} to {}",
        signed2(m.from),
        signed2(m.to),
        signed2(m.delta),
        m.rank_from,
        m.rank_to
    );
    ChangeLine::new(colour, sign, "Leverage: ", m.name.clone(), detail)
}

fn new_actor(a: &NewActor) -> ChangeLine {
    let detail = format!(
        " leverage {}, rank {}{}",
        signed2(a.leverage),
        a.rank,
        if a.contested { ", contested" } else { "" }
    );
    ChangeLine::new(GAIN, "+", "New actor: ", a.name.clone(), detail)
}

fn contest(a: &ContestedChange) -> ChangeLine {
    let (colour, sign, what) = if a.contested {
        (LOSS, "!", "Now contested: ")
    } else {
        (Rgb::MUTED, "~", "No longer contested: ")
    };
    let detail = format!(" scores range {}", a.range);
    ChangeLine::new(colour, sign, what, a.name.clone(), detail)
}

fn mechanism(m: &MechanismChange) -> ChangeLine {
    ChangeLine::new(
        Rgb::MUTED,
        "~",
        "Dominant mechanism: ",
        m.to.clone().unwrap_or_else(|| "none".to_owned()),
        format!(" was {}", m.from.as_deref().unwrap_or("none")),
    )
}

fn watch(w: &WatchChange) -> ChangeLine {
    let (colour, sign, what) = match w.change {
        WatchChangeKind::New => (GAIN, "+", "New watch item: "),
        WatchChangeKind::Observed => (Rgb::MUTED, "~", "Observed: "),
        WatchChangeKind::Lapsed => (LOSS, "–", "Lapsed: "),
        WatchChangeKind::Overdue => (LOSS, "!", "Overdue: "),
    };
    let due = w.due.map(|d| format!(" due {d}")).unwrap_or_default();
    ChangeLine::new(colour, sign, what, w.indicator.clone(), due)
}

fn note_added(n: &NoteRef) -> ChangeLine {
    let detail = format!(" {} · {}", n.date, n.marking.label());
    ChangeLine::new(GAIN, "+", "Note: ", n.title.clone(), detail)
}

fn marking(m: &MarkingChange) -> ChangeLine {
    ChangeLine::new(
        Rgb::MUTED,
        "~",
        "Marking: ",
        m.to.label().to_owned(),
        format!(" was {}", m.from.map_or("none", |f| f.label())),
    )
}
