//! One brief's blocks, part by part in the order the HTML brief shows them
//! (SPEC §5): title block, bottom line, what changed, the five sections,
//! scenarios, sources, and the appendix of notes.

use super::super::PdfSite;
use super::super::fonts::Family;
use super::super::layout::{Align, Block, Rgb, Span, Style, Target};
use super::super::md;
use super::analysis;
use super::sections::section;
use super::since::since_blocks;
use super::style::{Anchors, caption, cell, heading, muted, note_link, para, sans, table};
use crate::model::{BottomLine, Brief, NoteEntry};
use crate::render::format::{
    ADMIRALTY_KEY, admiralty_meaning, fixed2, long_date, next_due_words, note_count,
    org_title_line, signed_whole, signed2, window_words,
};
use crate::vocab::{Likelihood, SectionKind};

/// The blocks of one brief; `level` is its title's outline level.
pub(super) fn brief_blocks(brief: &Brief, site: &PdfSite, level: u8, out: &mut Vec<Block>) {
    let anchors = Anchors {
        prefix: &brief.slug,
    };
    title_block(brief, site, &anchors, level, out);
    analysis::key_judgments(brief, &anchors, level + 1, out);
    bottom_line(&brief.bottom_line, &anchors, level + 1, out);
    if let Some(changes) = &brief.changes {
        since_blocks(changes, &anchors, level + 1, out);
    }
    for kind in SectionKind::ALL {
        section(kind, brief, site, &anchors, level + 1, out);
    }
    scenarios(brief, &anchors, level + 1, out);
    sources(brief, &anchors, level + 1, out);
    appendix(brief, &anchors, level + 1, out);
}

/// The workspace line, the title, the marking with the as-of date and
/// note count, and the standing summary.
fn title_block(
    brief: &Brief,
    site: &PdfSite,
    anchors: &Anchors<'_>,
    level: u8,
    out: &mut Vec<Block>,
) {
    let context = org_title_line(site.organization.as_deref(), &site.title);
    out.push(Block::Para(para(
        vec![Span::new(context, muted(8.5))],
        12.0,
        0.0,
    )));
    out.push(heading(&brief.title, anchors.of("top"), level));
    analysis::draft(brief, out);
    out.push(Block::Para(para(
        vec![
            Span::new(brief.marking.label(), sans(9.0).bold()),
            Span::new(
                format!(
                    " · As of {} · {}{}",
                    long_date(brief.as_of),
                    note_count(brief.note_count()),
                    brief
                        .window
                        .as_ref()
                        .map(|w| format!(" ({})", window_words(w)))
                        .unwrap_or_default()
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
}

/// The four facts a reader takes away, as bullets, each linking to the
/// section that shows it.
fn bottom_line(bottom: &BottomLine, anchors: &Anchors<'_>, level: u8, out: &mut Vec<Block>) {
    out.push(heading("Bottom line", anchors.of("bottom-line"), level));
    let facts = BottomLineFacts {
        anchors,
        body: Style::new(Family::Serif, 10.0),
        bold: Style::new(Family::Serif, 10.0).bold(),
    };
    let items = [
        facts.top_gainer(bottom),
        facts.dominant_mechanism(bottom),
        facts.highest_stakes(bottom),
        facts.next_due(bottom),
    ];
    for spans in items {
        let mut p = para(spans, 14.5, 4.0);
        p.indent = 16.0;
        p.marker = Some(vec![Span::new("•", facts.body.clone())]);
        out.push(Block::Para(p));
    }
}

/// The styles and anchors the bottom line's bullets are set with.
struct BottomLineFacts<'a> {
    anchors: &'a Anchors<'a>,
    body: Style,
    bold: Style,
}

impl BottomLineFacts<'_> {
    /// ` › Section title`, linked to the section.
    fn see(&self, title: &str, id: &str) -> Span {
        Span::new(format!(" › {title}"), sans(8.5)).link(Some(Target::Anchor(self.anchors.of(id))))
    }

    fn top_gainer(&self, bottom: &BottomLine) -> Vec<Span> {
        match &bottom.top_gainer {
            Some(f) => vec![
                Span::new(f.name.clone(), self.bold.clone()),
                Span::new(
                    format!(" gains most leverage ({}).", signed2(f.value)),
                    self.body.clone(),
                ),
                self.see("Who gains leverage", "who-gains"),
            ],
            None => vec![
                Span::new("No actor gains leverage on balance.", self.body.clone()),
                self.see("Who gains leverage", "who-gains"),
            ],
        }
    }

    fn dominant_mechanism(&self, bottom: &BottomLine) -> Vec<Span> {
        match &bottom.dominant_mechanism {
            Some(f) => vec![
                Span::new("Dominant mechanism: ", self.body.clone()),
                Span::new(f.name.clone(), self.bold.clone()),
                Span::new(format!(" (weight {}).", fixed2(f.value)), self.body.clone()),
                self.see("What mechanism is operating", "mechanism"),
            ],
            None => vec![Span::new(
                "No mechanism is named in the notes.",
                self.body.clone(),
            )],
        }
    }

    fn highest_stakes(&self, bottom: &BottomLine) -> Vec<Span> {
        match &bottom.highest_stakes {
            Some(f) => vec![
                Span::new("Most at stake: ", self.body.clone()),
                Span::new(f.name.clone(), self.bold.clone()),
                Span::new(
                    format!(" (stakes {} of 5).", fixed2(f.value)),
                    self.body.clone(),
                ),
                self.see("Why it matters", "why-it-matters"),
            ],
            None => vec![Span::new("No actor is scored.", self.body.clone())],
        }
    }

    fn next_due(&self, bottom: &BottomLine) -> Vec<Span> {
        match &bottom.next_due {
            Some(n) => {
                let (label, indicator, joint) = next_due_words(n);
                vec![
                    Span::new(label, self.body.clone()),
                    Span::new(indicator, self.bold.clone()),
                    Span::new(format!("{joint}{}.", long_date(n.due)), self.body.clone()),
                    self.see("What to watch next", "what-to-watch"),
                ]
            }
            None => vec![
                Span::new("No open indicator falls due.", self.body.clone()),
                self.see("What to watch next", "what-to-watch"),
            ],
        }
    }
}

/// The scenarios table, when any note estimates one.
fn scenarios(brief: &Brief, anchors: &Anchors<'_>, level: u8, out: &mut Vec<Block>) {
    if brief.scenarios.is_empty() {
        return;
    }
    out.push(heading("Scenarios", anchors.of("scenarios"), level));
    out.push(caption("Latest estimate of each scenario (ICD 203 terms)"));
    let rows = brief
        .scenarios
        .iter()
        .map(|s| {
            let mut estimated = vec![note_link(&s.note, anchors, sans(8.5))];
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
    analysis::indicator_matrix(brief, out);
}

/// The sources table: Admiralty code and its meaning, title (linked when
/// it has a safe URL) and the notes citing it.
fn sources(brief: &Brief, anchors: &Anchors<'_>, level: u8, out: &mut Vec<Block>) {
    out.push(heading("Sources", anchors.of("sources"), level));
    // The sourcing sentence says so when no note cites a source.
    analysis::sourcing(brief, out);
    if brief.sources.is_empty() {
        return;
    }
    out.push(caption(ADMIRALTY_KEY));
    let rows = brief
        .sources
        .iter()
        .map(|s| {
            let title = match s.url.as_deref().and_then(md::pdf_link) {
                Some(target) => vec![Span::new(s.title.clone(), sans(8.5)).link(Some(target))],
                None => cell(s.title.clone()),
            };
            let meaning = admiralty_meaning(s);
            let mut cited = Vec::new();
            for (i, note) in s.notes.iter().enumerate() {
                if i > 0 {
                    cited.push(Span::new("; ", sans(8.5)));
                }
                cited.push(note_link(note, anchors, sans(8.5)));
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

/// Every note of the brief in full, newest first.
fn appendix(brief: &Brief, anchors: &Anchors<'_>, level: u8, out: &mut Vec<Block>) {
    out.push(heading(
        "Appendix: the notes",
        anchors.of("appendix"),
        level,
    ));
    for entry in &brief.notes {
        appendix_note(entry, anchors, level + 1, out);
    }
}

/// One note: its title, facts and file, lede, scores, other sections and
/// endnotes.
fn appendix_note(entry: &NoteEntry, anchors: &Anchors<'_>, level: u8, out: &mut Vec<Block>) {
    let note = &entry.note;
    out.push(heading(
        &note.title,
        anchors.of(&format!("note-{}", note.anchor)),
        level,
    ));
    out.push(note_facts(entry));
    out.push(note_file(entry));
    let endnotes = anchors.endnotes(note);
    if !entry.lede.trim().is_empty() {
        out.extend(md::blocks_with(
            &entry.lede,
            0.0,
            md::Footnotes::Linked(&endnotes),
            &entry.figures,
        ));
    }
    if !entry.actors.is_empty() {
        out.push(note_scores(entry));
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
            md::Footnotes::Linked(&endnotes),
            &entry.figures,
        ));
    }
    // Every footnote of the note, wherever the brief quotes it from,
    // as the note's endnotes.
    out.extend(md::endnotes(&entry.footnotes, &endnotes, 0.0));
}

/// Date · marking · confidence (weight) · author · tags.
fn note_facts(entry: &NoteEntry) -> Block {
    let note = &entry.note;
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
    Block::Para(meta)
}

/// `File briefs/…/note.md`, in monospace.
fn note_file(entry: &NoteEntry) -> Block {
    let mut file = vec![Span::new("File ", muted(8.0))];
    let mut mono = Style::new(Family::Mono, 7.5);
    mono.color = Rgb::MUTED;
    file.push(Span::new(entry.path.clone(), mono));
    let mut file = para(file, 11.0, 0.0);
    file.keep_with_next = true;
    Block::Para(file)
}

/// The note's own scores, one row per actor.
fn note_scores(entry: &NoteEntry) -> Block {
    let rows = entry
        .actors
        .iter()
        .map(|a| {
            vec![
                cell(a.name.clone()),
                cell(signed_whole(f64::from(a.leverage))),
                cell(a.stakes.to_string()),
                cell(a.mechanism.clone().unwrap_or_default()),
                cell(a.rationale.clone().unwrap_or_default()),
            ]
        })
        .collect();
    table(
        &[
            ("Actor", Align::Start),
            ("Leverage", Align::End),
            ("Stakes", Align::End),
            ("Mechanism", Align::Start),
            ("Rationale", Align::Start),
        ],
        rows,
    )
}
