//! The model into blocks, in the order the HTML brief shows it (SPEC §5):
//! title block, marking, as-of date, bottom line, the five sections with
//! their tables and attributed passages (and the leverage chart), scenarios,
//! sources with Admiralty codes, and the appendix of notes.

use std::collections::BTreeMap;

use super::emit;
use super::fonts::{Family, Fonts};
use super::layout::{
    Align, Bar, Block, Chart, Column, Geometry, Layouter, LineChart, OutlineMark, Para, Rgb,
    RunningHead, Series, Span, Spark, SparkColumn, Style, Table, Target, anchor_pages, paginate,
    running_heads,
};
use super::md;
use super::outline::Info;
use super::shape::Shaper;
use super::{PdfError, PdfSite};
use crate::config::PageSize;
use crate::model::{Brief, Changes, NoteRef, Packet, WatchChangeKind};
use crate::render::format::{credibility, fixed2, long_date, signed2};
use crate::vocab::{Likelihood, SectionKind};

pub enum Document<'a> {
    Brief(&'a Brief),
    Packet(&'a Packet),
}

fn sans(size: f32) -> Style {
    Style::new(Family::Sans, size)
}

fn muted(size: f32) -> Style {
    sans(size).color(Rgb::MUTED)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn para(spans: Vec<Span>, leading: f32, space_before: f32) -> Para {
    let mut p = Para::new(spans, leading);
    p.space_before = space_before;
    p
}

/// A section heading with its anchor and outline entry.
fn heading(text: &str, anchor: String, level: u8) -> Block {
    let (size, leading, space, rule) = match level {
        1 => (20.0, 25.0, 0.0, false),
        2 => (13.5, 18.0, 18.0, true),
        _ => (11.0, 14.5, 14.0, false),
    };
    let mut p = para(vec![Span::new(text, sans(size).bold())], leading, space);
    p.keep_with_next = true;
    p.rule_below = rule;
    p.outline = Some(OutlineMark {
        level,
        title: text.to_owned(),
        anchor: anchor.clone(),
    });
    p.anchor = Some(anchor);
    Block::Para(p)
}

fn caption(text: &str) -> Block {
    let mut p = para(vec![Span::new(text, muted(8.0))], 11.0, 8.0);
    p.keep_with_next = true;
    Block::Para(p)
}

fn empty(text: &str) -> Block {
    Block::Para(para(
        vec![Span::new(
            text,
            Style::new(Family::Serif, 10.0).italic().color(Rgb::MUTED),
        )],
        14.0,
        6.0,
    ))
}

fn cell(text: impl Into<String>) -> Vec<Span> {
    vec![Span::new(text, sans(8.5))]
}

fn table(headers: &[(&str, Align)], rows: Vec<Vec<Vec<Span>>>) -> Block {
    Block::Table(Table {
        columns: headers
            .iter()
            .map(|(_, align)| Column { align: *align })
            .collect(),
        header: headers
            .iter()
            .map(|(h, _)| vec![Span::new(*h, sans(8.5).bold())])
            .collect(),
        rows,
        size: 8.5,
        indent: 0.0,
        space_before: 4.0,
        sparks: None,
    })
}

/// Names anchors of one brief, unique within a packet.
struct Anchors<'a> {
    prefix: &'a str,
}

impl Anchors<'_> {
    fn of(&self, id: &str) -> String {
        format!("{}:{id}", self.prefix)
    }
    fn note(&self, note: &NoteRef) -> Target {
        Target::Anchor(self.of(&format!("note-{}", note.anchor)))
    }
    /// Prefix of the anchors of a note's endnotes (then the label).
    fn endnotes(&self, note: &NoteRef) -> String {
        self.of(&format!("note-{}-fn-", note.anchor))
    }
}

fn note_link(note: &NoteRef, anchors: &Anchors<'_>, style: Style) -> Span {
    Span::new(note.title.clone(), style).link(Some(anchors.note(note)))
}

const GAIN: Rgb = Rgb(0.16, 0.47, 0.33);
const LOSS: Rgb = Rgb(0.72, 0.22, 0.2);

/// The "Since DATE" box: a heading, then one line per change, each led by
/// a coloured sign as in `brief diff`.
fn since_blocks(changes: &Changes, anchors: &Anchors<'_>, level: u8, out: &mut Vec<Block>) {
    out.push(heading(
        &format!("Since {}", long_date(changes.since)),
        anchors.of("since"),
        level,
    ));
    let body = Style::new(Family::Sans, 9.0);
    let label = muted(9.0);
    let bold = body.clone().bold();
    let mut lines: Vec<(Rgb, &str, &str, String, String)> = Vec::new();
    for m in &changes.moved {
        let (colour, sign) = if m.delta > 0.0 {
            (GAIN, "+")
        } else {
            (LOSS, "–")
        };
        lines.push((
            colour,
            sign,
            "Leverage: ",
            m.name.clone(),
            format!(
                " {} to {} ({}); rank {} to {}",
                signed2(m.from),
                signed2(m.to),
                signed2(m.delta),
                m.rank_from,
                m.rank_to
            ),
        ));
    }
    for a in &changes.new_actors {
        lines.push((
            GAIN,
            "+",
            "New actor: ",
            a.name.clone(),
            format!(
                " leverage {}, rank {}{}",
                signed2(a.leverage),
                a.rank,
                if a.contested { ", contested" } else { "" }
            ),
        ));
    }
    for a in &changes.contested {
        let (colour, sign, what) = if a.contested {
            (LOSS, "!", "Now contested: ")
        } else {
            (Rgb::MUTED, "~", "No longer contested: ")
        };
        lines.push((
            colour,
            sign,
            what,
            a.name.clone(),
            format!(" scores range {}", a.range),
        ));
    }
    if let Some(m) = &changes.dominant_mechanism {
        lines.push((
            Rgb::MUTED,
            "~",
            "Dominant mechanism: ",
            m.to.clone().unwrap_or_else(|| "none".to_owned()),
            format!(" was {}", m.from.as_deref().unwrap_or("none")),
        ));
    }
    for w in &changes.watch {
        let (colour, sign, what) = match w.change {
            WatchChangeKind::New => (GAIN, "+", "New watch item: "),
            WatchChangeKind::Observed => (Rgb::MUTED, "~", "Observed: "),
            WatchChangeKind::Lapsed => (LOSS, "–", "Lapsed: "),
            WatchChangeKind::Overdue => (LOSS, "!", "Overdue: "),
        };
        let due = w.due.map(|d| format!(" due {d}")).unwrap_or_default();
        lines.push((colour, sign, what, w.indicator.clone(), due));
    }
    for n in &changes.notes_added {
        lines.push((
            GAIN,
            "+",
            "Note: ",
            n.title.clone(),
            format!(" {} · {}", n.date, n.marking.label()),
        ));
    }
    if let Some(m) = &changes.marking {
        lines.push((
            Rgb::MUTED,
            "~",
            "Marking: ",
            m.to.label().to_owned(),
            format!(" was {}", m.from.map_or("none", |f| f.label())),
        ));
    }
    if lines.is_empty() {
        out.push(empty("Nothing changed."));
        return;
    }
    for (colour, sign, what, name, detail) in lines {
        let mut p = para(
            vec![
                Span::new(what, label.clone()),
                Span::new(name, bold.clone()),
                Span::new(detail, body.clone()),
            ],
            13.0,
            2.0,
        );
        p.indent = 14.0;
        p.marker = Some(vec![Span::new(sign, body.clone().bold().color(colour))]);
        out.push(Block::Para(p));
    }
}

/// Colours of the timeline's lines, in actor rank order (the HTML's).
const SERIES: [(Rgb, bool); 6] = [
    (Rgb(0.12, 0.31, 0.47), false),
    (Rgb(0.75, 0.31, 0.3), false),
    (Rgb(0.18, 0.44, 0.31), false),
    (Rgb(0.72, 0.47, 0.12), false),
    (Rgb(0.42, 0.3, 0.6), false),
    (Rgb(0.29, 0.29, 0.29), true),
];

/// "Leverage over time": the top-ranked actors' weekly leverage.
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

fn timeline_blocks(brief: &Brief, out: &mut Vec<Block>) {
    let timeline = &brief.timeline;
    let count = timeline.dates.len();
    if count < 2 || timeline.actors.is_empty() {
        return;
    }
    let total = timeline.actors.len();
    let mut text = "Leverage over time: each actor's weighted leverage as of each week".to_owned();
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
                    let long = long_date(*d);
                    let mut parts = long.split(' ');
                    let day = parts.next().unwrap_or("");
                    let month: String = parts.next().unwrap_or("").chars().take(3).collect();
                    format!("{day} {month}")
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
    }));
}

/// The blocks of one brief; `level` is its title's outline level.
fn brief_blocks(brief: &Brief, site: &PdfSite, level: u8, out: &mut Vec<Block>) {
    let anchors = Anchors {
        prefix: &brief.slug,
    };
    let context = match &site.organization {
        Some(org) => format!("{org} · {}", site.title),
        None => site.title.clone(),
    };
    out.push(Block::Para(para(
        vec![Span::new(context, muted(8.5))],
        12.0,
        0.0,
    )));
    out.push(heading(&brief.title, anchors.of("top"), level));
    out.push(Block::Para(para(
        vec![
            Span::new(brief.marking.label(), sans(9.0).bold()),
            Span::new(
                format!(
                    " · As of {} · {}",
                    long_date(brief.as_of),
                    plural(brief.note_count(), "note")
                ),
                muted(9.0),
            ),
        ],
        13.0,
        4.0,
    )));
    if let Some(summary) = &brief.summary {
        out.push(Block::Para(para(
            vec![Span::new(
                summary.clone(),
                Style::new(Family::Serif, 10.5).italic(),
            )],
            15.0,
            8.0,
        )));
    }

    // Bottom line.
    out.push(heading("Bottom line", anchors.of("bottom-line"), level + 1));
    let bold = Style::new(Family::Serif, 10.0).bold();
    let body = Style::new(Family::Serif, 10.0);
    let see = |title: &str, id: &str| {
        Span::new(format!(" › {title}"), sans(8.5)).link(Some(Target::Anchor(anchors.of(id))))
    };
    let bottom = &brief.bottom_line;
    let items: Vec<Vec<Span>> = vec![
        match &bottom.top_gainer {
            Some(f) => vec![
                Span::new(f.name.clone(), bold.clone()),
                Span::new(
                    format!(" gains most leverage ({}).", signed2(f.value)),
                    body.clone(),
                ),
                see("Who gains leverage", "who-gains"),
            ],
            None => vec![
                Span::new("No actor gains leverage on balance.", body.clone()),
                see("Who gains leverage", "who-gains"),
            ],
        },
        match &bottom.dominant_mechanism {
            Some(f) => vec![
                Span::new("Dominant mechanism: ", body.clone()),
                Span::new(f.name.clone(), bold.clone()),
                Span::new(format!(" (weight {}).", fixed2(f.value)), body.clone()),
                see("What mechanism is operating", "mechanism"),
            ],
            None => vec![Span::new(
                "No mechanism is named in the notes.",
                body.clone(),
            )],
        },
        match &bottom.highest_stakes {
            Some(f) => vec![
                Span::new("Most at stake: ", body.clone()),
                Span::new(f.name.clone(), bold.clone()),
                Span::new(format!(" (stakes {} of 5).", fixed2(f.value)), body.clone()),
                see("Why it matters", "why-it-matters"),
            ],
            None => vec![Span::new("No actor is scored.", body.clone())],
        },
        match &bottom.next_due {
            Some(n) => vec![
                Span::new("Next due: ", body.clone()),
                Span::new(n.indicator.clone(), bold.clone()),
                Span::new(format!(" by {}.", long_date(n.due)), body.clone()),
                see("What to watch next", "what-to-watch"),
            ],
            None => vec![
                Span::new("No open indicator falls due.", body.clone()),
                see("What to watch next", "what-to-watch"),
            ],
        },
    ];
    for spans in items {
        let mut p = para(spans, 14.5, 4.0);
        p.indent = 16.0;
        p.marker = Some(vec![Span::new("•", body.clone())]);
        out.push(Block::Para(p));
    }
    if let Some(changes) = &brief.changes {
        since_blocks(changes, &anchors, level + 1, out);
    }

    for kind in SectionKind::ALL {
        out.push(heading(kind.title(), anchors.of(kind.id()), level + 1));
        match kind {
            SectionKind::WhatHappened => {
                out.push(caption("Developments reported, newest first"));
                let rows = brief
                    .notes
                    .iter()
                    .map(|n| {
                        vec![
                            cell(n.note.date.to_string()),
                            vec![note_link(&n.note, &anchors, sans(8.5))],
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
            SectionKind::WhoGains => {
                if brief.actors.is_empty() {
                    out.push(empty("No actor is scored in these notes."));
                } else {
                    out.push(caption(&format!(
                        "Weighted leverage by actor, from −5 (lost) to +5 (gained). A dashed, pale bar marks a contested actor: analysts' scores differ by {} or more.",
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
                    }));
                    out.push(caption("Actors ranked by weighted leverage"));
                    out.push(actor_table(brief));
                    timeline_blocks(brief, out);
                }
            }
            SectionKind::Mechanism => {
                if brief.mechanisms.is_empty() {
                    out.push(empty("No mechanism is named in these notes."));
                } else {
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
            }
            SectionKind::WhyItMatters => {
                if !brief.actors.is_empty() {
                    let mut by_stakes: Vec<_> = brief.actors.iter().collect();
                    by_stakes.sort_by(|a, b| {
                        b.stakes
                            .total_cmp(&a.stakes)
                            .then_with(|| a.name.cmp(&b.name))
                    });
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
            }
            SectionKind::WhatToWatch => {
                if brief.watch.is_empty() {
                    out.push(empty("No indicators are listed in these notes."));
                } else {
                    out.push(caption(
                        "Indicators: open by due date, then observed, then lapsed",
                    ));
                    let rows = brief
                        .watch
                        .iter()
                        .map(|w| {
                            let status = if w.overdue {
                                vec![Span::new(
                                    "overdue",
                                    sans(8.5).bold().color(Rgb(0.72, 0.22, 0.2)),
                                )]
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
            }
        }
        for passage in brief.passages(kind) {
            let mut p = para(
                vec![
                    note_link(&passage.note, &anchors, sans(8.5).bold()),
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
            ));
        }
    }

    if !brief.scenarios.is_empty() {
        out.push(heading("Scenarios", anchors.of("scenarios"), level + 1));
        out.push(caption("Latest estimate of each scenario (ICD 203 terms)"));
        let rows = brief
            .scenarios
            .iter()
            .map(|s| {
                let mut estimated = vec![note_link(&s.note, &anchors, sans(8.5))];
                if s.estimates > 1 {
                    estimated.push(Span::new(
                        format!(" ({} estimates)", s.estimates),
                        sans(8.5),
                    ));
                }
                vec![
                    cell(s.name.clone()),
                    cell(
                        Likelihood {
                            term: s.likelihood,
                            percent: s.percent,
                        }
                        .describe(),
                    ),
                    estimated,
                ]
            })
            .collect();
        out.push(table(
            &[
                ("Scenario", Align::Start),
                ("Likelihood", Align::Start),
                ("Estimated in", Align::Start),
            ],
            rows,
        ));
    }

    out.push(heading("Sources", anchors.of("sources"), level + 1));
    if brief.sources.is_empty() {
        out.push(empty("The notes cite no sources."));
    } else {
        out.push(caption(
            "Admiralty codes: reliability A (completely reliable) to F (cannot be judged), credibility 1 (confirmed) to 6 (cannot be judged)",
        ));
        let rows = brief
            .sources
            .iter()
            .map(|s| {
                let title = match s.url.as_deref().and_then(md::pdf_link) {
                    Some(target) => vec![Span::new(s.title.clone(), sans(8.5)).link(Some(target))],
                    None => cell(s.title.clone()),
                };
                let meaning = format!(
                    "{}; {}",
                    s.reliability
                        .map_or("reliability not graded", |r| r.meaning()),
                    credibility(s.credibility)
                );
                let mut cited = Vec::new();
                for (i, note) in s.notes.iter().enumerate() {
                    if i > 0 {
                        cited.push(Span::new("; ", sans(8.5)));
                    }
                    cited.push(note_link(note, &anchors, sans(8.5)));
                }
                vec![
                    vec![
                        Span::new(s.admiralty(), sans(8.5).bold()),
                        Span::new(format!("\n{meaning}"), muted(7.0)),
                    ],
                    title,
                    cited,
                ]
            })
            .collect();
        out.push(table(
            &[
                ("Code", Align::Start),
                ("Source", Align::Start),
                ("Cited in", Align::Start),
            ],
            rows,
        ));
    }

    out.push(heading(
        "Appendix: the notes",
        anchors.of("appendix"),
        level + 1,
    ));
    for entry in &brief.notes {
        let note = &entry.note;
        out.push(heading(
            &note.title,
            anchors.of(&format!("note-{}", note.anchor)),
            level + 2,
        ));
        let mut facts = vec![
            format!("{}", note.date),
            note.marking.label().to_owned(),
            format!(
                "{} confidence (weight {})",
                note.confidence.as_str(),
                fixed2(entry.weight)
            ),
        ];
        if let Some(author) = &entry.author {
            facts.push(author.clone());
        }
        if !entry.tags.is_empty() {
            facts.push(format!("tags: {}", entry.tags.join(", ")));
        }
        let mut meta = para(vec![Span::new(facts.join(" · "), muted(8.5))], 12.0, 2.0);
        meta.keep_with_next = true;
        out.push(Block::Para(meta));
        let mut file = vec![Span::new("File ", muted(8.0))];
        let mut mono = Style::new(Family::Mono, 7.5);
        mono.color = Rgb::MUTED;
        file.push(Span::new(entry.path.clone(), mono));
        let mut file = para(file, 11.0, 0.0);
        file.keep_with_next = true;
        out.push(Block::Para(file));
        if !entry.lede.trim().is_empty() {
            out.extend(md::blocks_with(
                &entry.lede,
                0.0,
                md::Footnotes::Linked(&anchors.endnotes(note)),
            ));
        }
        if !entry.actors.is_empty() {
            let rows = entry
                .actors
                .iter()
                .map(|a| {
                    vec![
                        cell(a.name.clone()),
                        cell(if a.leverage > 0 {
                            format!("+{}", a.leverage)
                        } else if a.leverage < 0 {
                            format!("−{}", -i16::from(a.leverage))
                        } else {
                            "0".to_owned()
                        }),
                        cell(a.stakes.to_string()),
                        cell(a.mechanism.clone().unwrap_or_default()),
                        cell(a.rationale.clone().unwrap_or_default()),
                    ]
                })
                .collect();
            out.push(table(
                &[
                    ("Actor", Align::Start),
                    ("Leverage", Align::End),
                    ("Stakes", Align::End),
                    ("Mechanism", Align::Start),
                    ("Rationale", Align::Start),
                ],
                rows,
            ));
        }
        for other in &entry.other_sections {
            let mut h = para(
                vec![Span::new(other.heading.clone(), sans(10.0).bold())],
                14.0,
                10.0,
            );
            h.keep_with_next = true;
            out.push(Block::Para(h));
            out.extend(md::blocks_with(
                &other.markdown,
                0.0,
                md::Footnotes::Linked(&anchors.endnotes(note)),
            ));
        }
        // Every footnote of the note, wherever the brief quotes it from,
        // as the note's endnotes.
        out.extend(md::endnotes(&entry.footnotes, &anchors.endnotes(note), 0.0));
    }
}

/// The cover and the table of contents, whose page numbers come from
/// `pages` (anchor → 0-based page).
fn packet_front(packet: &Packet, site: &PdfSite, pages: &BTreeMap<String, usize>) -> Vec<Block> {
    let mut out = Vec::new();
    let context = match &packet.organization.as_ref().or(site.organization.as_ref()) {
        Some(org) => format!("{org} · {}", site.title),
        None => site.title.clone(),
    };
    out.push(Block::Para(para(
        vec![Span::new(context, muted(9.0))],
        13.0,
        60.0,
    )));
    out.push(heading(&packet.title, "packet:cover".to_owned(), 1));
    let line = |label: &str, value: String| {
        Block::Para(para(
            vec![
                Span::new(format!("{label} "), muted(10.0)),
                Span::new(value, sans(10.0).bold()),
            ],
            15.0,
            4.0,
        ))
    };
    out.push(line("Audience:", packet.audience.label().to_owned()));
    out.push(line("Packet marking:", packet.marking.label().to_owned()));
    out.push(line(
        "As of:",
        packet.as_of.map_or("—".to_owned(), long_date),
    ));
    // The contents follow the cover facts on the first page: a list of the
    // briefs there as well would only repeat them.
    out.push(heading("Contents", "packet:contents".to_owned(), 2));
    if packet.briefs.is_empty() {
        out.push(empty("No brief has notes releasable to this audience."));
    }
    let rows = packet
        .briefs
        .iter()
        .map(|b| {
            let anchor = format!("{}:top", b.slug);
            let page = pages
                .get(&anchor)
                .map_or("0".to_owned(), |p| (p + 1).to_string());
            vec![
                vec![Span::new(b.title.clone(), sans(9.5)).link(Some(Target::Anchor(anchor)))],
                cell(b.marking.label()),
                cell(long_date(b.as_of)),
                cell(b.note_count().to_string()),
                vec![Span::new(page, sans(9.5))],
            ]
        })
        .collect();
    if !packet.briefs.is_empty() {
        out.push(caption(
            "Each brief is built only from notes releasable to this audience and starts a new page",
        ));
        out.push(table(
            &[
                ("Brief", Align::Start),
                ("Marking", Align::Start),
                ("As of", Align::Start),
                ("Notes", Align::End),
                ("Page", Align::End),
            ],
            rows,
        ));
    }
    if !packet.empty.is_empty() {
        let mut p = para(
            vec![Span::new("Not included", sans(11.0).bold())],
            15.0,
            14.0,
        );
        p.keep_with_next = true;
        out.push(Block::Para(p));
        for brief in &packet.empty {
            let mut p = para(
                vec![
                    Span::new(brief.title.clone(), Style::new(Family::Serif, 10.0)),
                    Span::new(": no notes releasable to this audience", muted(9.0)),
                ],
                14.5,
                3.0,
            );
            p.indent = 16.0;
            p.marker = Some(vec![Span::new("•", Style::new(Family::Serif, 10.0))]);
            out.push(Block::Para(p));
        }
    }
    out
}

/// The packet's briefs, each from a new page, after its front matter.
fn packet_body(packet: &Packet, site: &PdfSite) -> Vec<Block> {
    let mut out = Vec::new();
    for brief in &packet.briefs {
        out.push(Block::PageBreak);
        brief_blocks(brief, site, 1, &mut out);
    }
    out
}

pub fn render(document: Document<'_>, site: &PdfSite) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::load()?;
    let mut shaper = Shaper::new(&fonts);
    let geometry = match site.page_size {
        PageSize::A4 => Geometry::a4(),
        PageSize::Letter => Geometry::letter(),
    };
    let lay_units = |shaper: &mut Shaper<'_>, blocks: &[Block]| {
        let mut layouter = Layouter::new(shaper, geometry);
        for block in blocks {
            layouter.push(block);
        }
        layouter.finish()
    };
    let lay =
        |shaper: &mut Shaper<'_>, blocks: &[Block]| paginate(lay_units(shaper, blocks), geometry);
    let context = match &site.organization {
        Some(org) => format!("{org} · {}", site.title),
        None => site.title.clone(),
    };
    let (mut paginated, head, info) = match document {
        Document::Brief(brief) => {
            let mut blocks = Vec::new();
            brief_blocks(brief, site, 1, &mut blocks);
            let paginated = lay(&mut shaper, &blocks);
            let head = RunningHead {
                left: context,
                title: brief.title.clone(),
                marking: brief.marking.label().to_owned(),
                colour: Rgb::hex(brief.marking.colour()),
            };
            let mut keywords = vec![
                brief.slug.clone(),
                brief.marking.label().to_owned(),
                "brief".to_owned(),
            ];
            keywords.extend(brief.actors.iter().take(6).map(|a| a.name.clone()));
            let info = Info {
                title: brief.title.clone(),
                author: site
                    .organization
                    .clone()
                    .unwrap_or_else(|| site.title.clone()),
                subject: format!(
                    "{} brief as of {} ({})",
                    brief.title,
                    brief.as_of,
                    brief.marking.label()
                ),
                keywords,
                timestamp: site.timestamp,
            };
            (paginated, head, info)
        }
        Document::Packet(packet) => {
            // The contents need the pages the briefs land on. Each brief
            // starts a page, so the briefs are laid out once, on their own;
            // the front matter is laid out twice, first with placeholder
            // numbers to count its pages.
            let body = lay_units(&mut shaper, &packet_body(packet, site));
            let front = lay_units(&mut shaper, &packet_front(packet, site, &BTreeMap::new()));
            let (_, front_pages) = anchor_pages(&front, geometry);
            let (body_pages, _) = anchor_pages(&body, geometry);
            let pages = body_pages
                .into_iter()
                .map(|(anchor, page)| (anchor, page + front_pages))
                .collect();
            let mut laid = lay_units(&mut shaper, &packet_front(packet, site, &pages));
            laid.append(body);
            let paginated = paginate(laid, geometry);
            let head = RunningHead {
                left: context,
                title: packet.title.clone(),
                marking: packet.marking.label().to_owned(),
                colour: Rgb::hex(packet.marking.colour()),
            };
            let mut keywords = vec![
                packet.name.clone(),
                packet.marking.label().to_owned(),
                "packet".to_owned(),
            ];
            keywords.extend(packet.briefs.iter().map(|b| b.slug.clone()));
            let info = Info {
                title: packet.title.clone(),
                author: packet
                    .organization
                    .clone()
                    .or_else(|| site.organization.clone())
                    .unwrap_or_else(|| site.title.clone()),
                subject: format!(
                    "Briefing packet for {} audiences ({})",
                    packet.audience.label(),
                    packet.marking.label()
                ),
                keywords,
                timestamp: site.timestamp,
            };
            (paginated, head, info)
        }
    };
    running_heads(&mut shaper, geometry, &mut paginated.pages, &head);
    emit::emit(&fonts, geometry, &mut paginated, &info)
}
