//! The five sections of a brief (SPEC §5), each its heading, its figures
//! and tables, then the notes' own passages for it.

use super::super::PdfSite;
use super::super::layout::{
    Align, Bar, Block, Chart, LineChart, Rgb, Series, Span, Spark, SparkColumn, Tag,
};
use super::super::md;
use super::style::{
    Anchors, GAIN, LOSS, caption, cell, empty, heading, muted, note_link, para, sans, table,
};
use crate::model::Brief;
use crate::render::alt;
use crate::render::format::{TOP_ACTORS_IN_CHART, fixed2, short_date, signed2, stakes_order};
use crate::vocab::SectionKind;

/// One section: its heading, what the model says for it, the passages.
pub(super) fn section(
    kind: SectionKind,
    brief: &Brief,
    site: &PdfSite,
    anchors: &Anchors<'_>,
    level: u8,
    out: &mut Vec<Block>,
) {
    out.push(heading(kind.title(), anchors.of(kind.id()), level));
    match kind {
        SectionKind::WhatHappened => what_happened(brief, anchors, out),
        SectionKind::WhoGains => who_gains(brief, site, out),
        SectionKind::Mechanism => mechanisms(brief, out),
        SectionKind::WhyItMatters => why_it_matters(brief, out),
        SectionKind::WhatToWatch => what_to_watch(brief, out),
    }
    passages(kind, brief, anchors, out);
}

/// The developments table, one row per note, newest first.
fn what_happened(brief: &Brief, anchors: &Anchors<'_>, out: &mut Vec<Block>) {
    out.push(caption("Developments reported, newest first"));
    let rows = brief
        .notes
        .iter()
        .map(|n| {
            vec![
                cell(n.note.date.to_string()),
                vec![note_link(&n.note, anchors, sans(8.5))],
                cell(n.note.confidence.as_str()),
                cell(n.note.marking.label()),
            ]
        })
        .collect();
    out.push(table(
        &[
            ("Date", Align::Start),
            ("Development", Align::Start),
            ("Confidence", Align::Start),
            ("Marking", Align::Start),
        ],
        rows,
    ));
}

/// The leverage chart, the actor table and the timeline.
fn who_gains(brief: &Brief, site: &PdfSite, out: &mut Vec<Block>) {
    if brief.actors.is_empty() {
        out.push(empty("No actor is scored in these notes."));
        return;
    }
    out.push(caption(&format!(
        "Weighted leverage by actor, from −5 (lost) to +5 (gained). A dashed, pale bar marks a contested actor: analysts’ scores differ by {} or more.",
        site.contested_range
    )));
    out.push(Block::Chart(Chart {
        bars: brief
            .actors
            .iter()
            .map(|a| Bar {
                label: a.name.clone(),
                value: a.leverage,
                value_text: signed2(a.leverage),
                contested: a.contested,
            })
            .collect(),
        space_before: 4.0,
        alt: alt::leverage_chart(&brief.actors),
        tag: Tag::Artifact,
    }));
    out.push(caption("Actors ranked by weighted leverage"));
    out.push(actor_table(brief));
    timeline_blocks(brief, out);
}

/// The actor table; with a "Weekly" sparkline column when the brief has a
/// timeline, as in the HTML.
fn actor_table(brief: &Brief) -> Block {
    let weekly = brief.timeline.dates.len() >= 2;
    let sparks: Vec<Option<Spark>> = brief
        .actors
        .iter()
        .map(|a| {
            let series = brief.timeline.actors.iter().find(|t| t.name == a.name)?;
            if !weekly || series.leverage.iter().flatten().count() < 2 {
                return None;
            }
            Some(Spark {
                values: series.leverage.clone(),
                color: if a.leverage < 0.0 { LOSS } else { GAIN },
            })
        })
        .collect();
    let rows = brief
        .actors
        .iter()
        .zip(&sparks)
        .map(|(a, spark)| {
            let mut row = vec![
                cell(a.name.clone()),
                cell(signed2(a.leverage)),
                cell(fixed2(a.stakes)),
                cell(a.range.to_string()),
                cell(if a.contested { "⚑ contested" } else { "no" }),
                cell(format!("{} {}", a.trend.arrow(), a.trend.as_str())),
            ];
            if weekly {
                row.push(if spark.is_some() {
                    Vec::new()
                } else {
                    vec![Span::new("–", sans(8.5).color(Rgb::MUTED))]
                });
            }
            row.push(cell(a.notes.to_string()));
            row
        })
        .collect();
    let mut headers = vec![
        ("Actor", Align::Start),
        ("Leverage", Align::End),
        ("Stakes", Align::End),
        ("Range", Align::End),
        ("Contested", Align::Start),
        ("Trend", Align::Start),
    ];
    if weekly {
        headers.push(("Weekly", Align::Start));
    }
    headers.push(("Notes", Align::End));
    let mut block = table(&headers, rows);
    if weekly && let Block::Table(t) = &mut block {
        t.sparks = Some(SparkColumn {
            column: 6,
            rows: sparks,
        });
    }
    block
}

/// Colours of the timeline's lines, in actor rank order (the HTML's).
const SERIES: [(Rgb, bool); TOP_ACTORS_IN_CHART] = [
    (Rgb(0.12, 0.31, 0.47), false),
    (Rgb(0.75, 0.31, 0.3), false),
    (Rgb(0.18, 0.44, 0.31), false),
    (Rgb(0.72, 0.47, 0.12), false),
    (Rgb(0.42, 0.3, 0.6), false),
    (Rgb(0.29, 0.29, 0.29), true),
];

/// "Leverage over time": the top-ranked actors' weekly leverage.
fn timeline_blocks(brief: &Brief, out: &mut Vec<Block>) {
    let timeline = &brief.timeline;
    let count = timeline.dates.len();
    if count < 2 || timeline.actors.is_empty() {
        return;
    }
    let total = timeline.actors.len();
    let mut text = "Leverage over time: each actor’s weighted leverage as of each week".to_owned();
    if total > SERIES.len() {
        text.push_str(&format!(" (the {} top-ranked of {total})", SERIES.len()));
    }
    out.push(caption(&text));
    let every = count.div_ceil(6).max(1);
    out.push(Block::LineChart(LineChart {
        dates: timeline
            .dates
            .iter()
            .enumerate()
            .map(|(i, d)| {
                if (count - 1 - i).is_multiple_of(every) {
                    short_date(*d)
                } else {
                    String::new()
                }
            })
            .collect(),
        series: timeline
            .actors
            .iter()
            .zip(SERIES)
            .map(|(a, (color, dash))| Series {
                label: a.name.clone(),
                values: a.leverage.clone(),
                color,
                dash,
            })
            .collect(),
        space_before: 4.0,
        alt: alt::timeline(
            &timeline.dates,
            &timeline
                .actors
                .iter()
                .take(SERIES.len())
                .collect::<Vec<_>>(),
            total,
        ),
        tag: Tag::Artifact,
    }));
}

/// The mechanisms table, the dominant one first and marked.
fn mechanisms(brief: &Brief, out: &mut Vec<Block>) {
    if brief.mechanisms.is_empty() {
        out.push(empty("No mechanism is named in these notes."));
        return;
    }
    out.push(caption(
        "Mechanisms ranked by the weight of the notes naming them",
    ));
    let rows = brief
        .mechanisms
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let name = if i == 0 {
                vec![
                    Span::new(m.name.clone(), sans(8.5).bold()),
                    Span::new(" (dominant)", sans(8.5)),
                ]
            } else {
                cell(m.name.clone())
            };
            vec![name, cell(fixed2(m.weight)), cell(m.actors.join(", "))]
        })
        .collect();
    out.push(table(
        &[
            ("Mechanism", Align::Start),
            ("Weight", Align::End),
            ("Actors using it", Align::Start),
        ],
        rows,
    ));
}

/// The actors by what they have at stake, most first.
fn why_it_matters(brief: &Brief, out: &mut Vec<Block>) {
    if brief.actors.is_empty() {
        return;
    }
    let by_stakes = stakes_order(&brief.actors);
    out.push(caption(
        "What each actor has riding on it (weighted stakes, 0–5)",
    ));
    let rows = by_stakes
        .iter()
        .map(|a| vec![cell(a.name.clone()), cell(fixed2(a.stakes))])
        .collect();
    out.push(table(
        &[("Actor", Align::Start), ("Stakes", Align::End)],
        rows,
    ));
}

/// The indicators table, overdue ones flagged.
fn what_to_watch(brief: &Brief, out: &mut Vec<Block>) {
    if brief.watch.is_empty() {
        out.push(empty("No indicators are listed in these notes."));
        return;
    }
    out.push(caption(
        "Indicators: open by due date, then observed, then lapsed",
    ));
    let rows = brief
        .watch
        .iter()
        .map(|w| {
            let status = if w.overdue {
                vec![Span::new("overdue", sans(8.5).bold().color(LOSS))]
            } else {
                cell(w.status.as_str())
            };
            vec![
                cell(w.indicator.clone()),
                cell(w.due.map_or("—".to_owned(), |d| d.to_string())),
                status,
                cell(w.notes.to_string()),
            ]
        })
        .collect();
    out.push(table(
        &[
            ("Indicator", Align::Start),
            ("Due", Align::Start),
            ("Status", Align::Start),
            ("Notes", Align::End),
        ],
        rows,
    ));
}

/// The notes' own text for `kind`, each passage under a line naming its
/// note, date and confidence.
fn passages(kind: SectionKind, brief: &Brief, anchors: &Anchors<'_>, out: &mut Vec<Block>) {
    for passage in brief.passages(kind) {
        let mut p = para(
            vec![
                note_link(&passage.note, anchors, sans(8.5).bold()),
                Span::new(
                    format!(
                        " · {} · {} confidence",
                        passage.note.date,
                        passage.note.confidence.as_str()
                    ),
                    muted(8.5),
                ),
            ],
            12.0,
            12.0,
        );
        p.keep_with_next = true;
        out.push(Block::Para(p));
        let endnotes = anchors.endnotes(&passage.note);
        out.extend(md::blocks_with(
            &passage.markdown,
            0.0,
            md::Footnotes::Linked(&endnotes),
            &passage.figures,
        ));
    }
}
