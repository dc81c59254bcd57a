//! `brief diff`: what changed in each brief between two dates, printed like
//! a diff (`+` gained or added, `-` lost or removed, `~` changed, `!`
//! overdue) or as JSON in the shape of `changes` in `<brief>.json`.

use std::io::Write;

use jiff::civil::Date;
use serde::Serialize;

use crate::aggregate::aggregate;
use crate::changes;
use crate::commands::Outcome;
use crate::config::Since;
use crate::diag::{self, Format};
use crate::error::AppError;
use crate::load::Loaded;
use crate::model::{Changes, WatchChangeKind};
use crate::note::Note;
use crate::render::format::signed2;
use crate::render::json::ChangesJson;

#[derive(Debug, Clone)]
pub(crate) struct DiffOptions {
    /// The earlier date, or a span before the later one.
    pub from: Since,
    /// The later date; default each brief's newest note.
    pub to: Option<Date>,
    pub briefs: Vec<String>,
    pub json: bool,
    /// Colour stdout (the diff).
    pub color: bool,
    /// Colour stderr (diagnostics).
    pub diagnostics_color: bool,
}

/// One brief's comparison.
#[derive(Debug, Clone)]
pub(crate) struct BriefDiff {
    pub slug: String,
    pub title: String,
    pub from: Date,
    pub to: Date,
    /// `None` when `from` is after `to`.
    pub changes: Option<Changes>,
}

pub(crate) fn run(
    loaded: &Loaded,
    options: &DiffOptions,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<Outcome, AppError> {
    let invalid = loaded.has_errors();
    stderr.write_all(
        diag::render(
            &loaded.diagnostics,
            Format::Human,
            options.diagnostics_color,
        )
        .as_bytes(),
    )?;
    let Some(config) = &loaded.config else {
        crate::status::Status {
            quiet: false,
            color: options.diagnostics_color,
        }
        .error(stderr, "brief.yaml is invalid; nothing compared")?;
        return Ok(Outcome::Invalid);
    };
    let by_brief = super::build::group_by_brief(&loaded.notes, &options.briefs)?;
    let diffs: Vec<BriefDiff> = by_brief
        .iter()
        .filter_map(|(slug, notes)| diff_one(slug, notes, config, options))
        .collect();
    let text = if options.json {
        json(&diffs)
    } else {
        human(&diffs, options.color)
    };
    stdout.write_all(text.as_bytes())?;
    Ok(if invalid {
        Outcome::Invalid
    } else {
        Outcome::Ok
    })
}

/// One brief as of `to` (notes after it are left out silently: that is
/// what `--to` asks for) compared with itself as of `from`.
fn diff_one(
    slug: &str,
    notes: &[&Note],
    config: &crate::config::Config,
    options: &DiffOptions,
) -> Option<BriefDiff> {
    let notes: Vec<&Note> = match options.to {
        Some(to) => notes.iter().copied().filter(|n| n.date() <= to).collect(),
        None => notes.to_vec(),
    };
    let after = aggregate(slug, &notes, config, options.to)?.brief;
    let from = options.from.resolve(after.as_of);
    Some(BriefDiff {
        slug: slug.to_owned(),
        title: after.title.clone(),
        from,
        to: after.as_of,
        changes: changes::since(slug, &notes, config, &after, from),
    })
}

#[derive(Serialize)]
struct DiffJson {
    brief: String,
    title: String,
    from: String,
    to: String,
    changes: Option<ChangesJson>,
}

/// A JSON array, one object per brief, with a final newline.
pub(crate) fn json(diffs: &[BriefDiff]) -> String {
    let items: Vec<DiffJson> = diffs
        .iter()
        .map(|d| DiffJson {
            brief: d.slug.clone(),
            title: d.title.clone(),
            from: d.from.to_string(),
            to: d.to.to_string(),
            changes: d.changes.as_ref().map(ChangesJson::from_model),
        })
        .collect();
    let text = serde_json::to_string_pretty(&items).expect("plain data always serialises");
    // Titles and names come from notes: no raw control character reaches
    // the terminal, and the JSON still reads back to the same text.
    let mut text = diag::escape_json_controls(text);
    text.push('\n');
    text
}

const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

/// The changes as diff-like lines, coloured when `color`.
pub(crate) fn human(diffs: &[BriefDiff], color: bool) -> String {
    let mut out = String::new();
    for (i, d) in diffs.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut line = |sign: char, text: String| push_line(&mut out, color, sign, &text);
        line(
            '@',
            format!("{} ({}): {} → {}", d.title, d.slug, d.from, d.to),
        );
        let Some(c) = &d.changes else {
            line(
                ' ',
                format!("{} is after {}; nothing to compare", d.from, d.to),
            );
            continue;
        };
        if c.is_empty() {
            line(' ', "no changes".to_owned());
            continue;
        }
        for (sign, text) in lines(c) {
            line(sign, text);
        }
    }
    out
}

/// One line of the diff. Every line passes here, and its text (titles,
/// names, indicators from notes) is printed with control characters escaped.
fn push_line(out: &mut String, color: bool, sign: char, text: &str) {
    let text = diag::escape_controls(text);
    let code = match sign {
        '+' => GREEN,
        '-' | '!' => RED,
        '~' => YELLOW,
        '@' => CYAN,
        _ => "",
    };
    if color && !code.is_empty() {
        out.push_str(&format!("{code}{sign} {text}{RESET}\n"));
    } else {
        out.push_str(&format!("{sign} {text}\n"));
    }
}

/// Each change as a sign and a line of text: `+` gained or added, `-` lost
/// or removed, `~` changed, `!` overdue.
pub(crate) fn lines(c: &Changes) -> Vec<(char, String)> {
    let mut out = Vec::new();
    if let Some(m) = &c.marking {
        out.push((
            '~',
            format!(
                "marking: {} → {}",
                m.from.map_or("none", |f| f.label()),
                m.to.label()
            ),
        ));
    }
    for m in &c.moved {
        out.push((
            if m.delta > 0.0 { '+' } else { '-' },
            format!(
                "leverage: {} {} → {} ({}), rank {} → {}",
                m.name,
                signed2(m.from),
                signed2(m.to),
                signed2(m.delta),
                m.rank_from,
                m.rank_to
            ),
        ));
    }
    for a in &c.new_actors {
        out.push((
            '+',
            format!(
                "new actor: {} {} (rank {}{})",
                a.name,
                signed2(a.leverage),
                a.rank,
                if a.contested { ", contested" } else { "" }
            ),
        ));
    }
    for a in &c.contested {
        out.push(if a.contested {
            (
                '+',
                format!("contested: {} (scores range {})", a.name, a.range),
            )
        } else {
            (
                '-',
                format!("no longer contested: {} (range {})", a.name, a.range),
            )
        });
    }
    if let Some(m) = &c.dominant_mechanism {
        out.push((
            '~',
            format!(
                "dominant mechanism: {} → {}",
                m.from.as_deref().unwrap_or("none"),
                m.to.as_deref().unwrap_or("none")
            ),
        ));
    }
    for w in &c.watch {
        let due = w.due.map(|d| format!(", due {d}")).unwrap_or_default();
        let (sign, what) = match w.change {
            WatchChangeKind::New => ('+', "new watch item"),
            WatchChangeKind::Observed => ('~', "observed"),
            WatchChangeKind::Lapsed => ('-', "lapsed"),
            WatchChangeKind::Overdue => ('!', "overdue"),
        };
        out.push((sign, format!("{what}: {}{due}", w.indicator)));
    }
    for n in &c.notes_added {
        out.push((
            '+',
            format!("note: {} {} [{}]", n.date, n.title, n.marking.label()),
        ));
    }
    out
}
