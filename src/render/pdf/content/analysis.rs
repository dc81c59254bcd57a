//! The analysis around the figures, as the HTML shows it: the DRAFT
//! notice, the key judgments that open a brief, the scenario × indicator
//! matrix and the sourcing sentence.

use super::super::fonts::Family;
use super::super::layout::{Align, Block, Column, Span, Style, Table, TableTags};
use super::super::md;
use super::style::{Anchors, GAIN, LOSS, caption, heading, muted, para, sans};
use crate::model::{Brief, Scenario};
use crate::render::format::{
    AGAINST_EVIDENCE, MATRIX_KEY, draft_notice, estimate, judgment_qualifier, long_date,
    relation_mark, source_summary, status_count,
};
use crate::vocab::Relation;

/// "DRAFT  1 note in this brief awaits review; not for release." under the title.
pub(super) fn draft(brief: &Brief, out: &mut Vec<Block>) {
    if !brief.is_draft() {
        return;
    }
    out.push(Block::Para(para(
        vec![
            Span::new("DRAFT  ", sans(10.0).bold().color(LOSS)),
            Span::new(draft_notice(brief.drafts), sans(9.5).color(LOSS)),
        ],
        14.0,
        6.0,
    )));
}

/// The newest key judgments, numbered, each with its likelihood and
/// confidence, then the editor's summary and where they come from.
pub(super) fn key_judgments(brief: &Brief, anchors: &Anchors<'_>, level: u8, out: &mut Vec<Block>) {
    let Some(judgments) = &brief.judgments else {
        return;
    };
    out.push(heading("Key judgments", anchors.of("key-judgments"), level));
    let body = Style::new(Family::Serif, 10.0);
    for (number, judgment) in judgments.items.iter().enumerate() {
        let mut p = para(
            vec![
                Span::new(format!("{} ", judgment.text), body.clone()),
                Span::new(format!("({})", judgment_qualifier(judgment)), muted(8.5)),
            ],
            14.5,
            4.0,
        );
        p.indent = 16.0;
        p.marker = Some(vec![Span::new(format!("{}.", number + 1), body.clone())]);
        out.push(Block::Para(p));
    }
    if !judgments.summary.trim().is_empty() {
        out.extend(md::blocks_with(
            &judgments.summary,
            0.0,
            md::Footnotes::Here,
            &[],
        ));
    }
    out.push(Block::Para(para(
        vec![Span::new(
            format!(
                "From “{}”, {}.",
                judgments.note.title,
                long_date(judgments.note.date)
            ),
            muted(8.0),
        )],
        11.0,
        4.0,
    )));
}

/// Indicators down, the scenarios tied to any across; each cell says how
/// the row's indicator bears on the column's scenario, and the last two
/// rows count each column's evidence.
pub(super) fn indicator_matrix(brief: &Brief, out: &mut Vec<Block>) {
    let tied: Vec<&Scenario> = brief
        .scenarios
        .iter()
        .filter(|s| !s.indicators.is_empty())
        .collect();
    if tied.is_empty() {
        return;
    }
    let mut header = vec![
        vec![Span::new("Indicator", sans(8.0).bold())],
        vec![Span::new("Status", sans(8.0).bold())],
    ];
    for scenario in &tied {
        let mut spans = vec![
            Span::new(scenario.name.clone(), sans(8.0).bold()),
            Span::new(
                format!("\n{}", estimate(scenario.likelihood, scenario.percent)),
                muted(7.5),
            ),
        ];
        if scenario.against_evidence.is_some() {
            spans.push(Span::new(
                format!("\n{AGAINST_EVIDENCE}"),
                sans(7.5).bold().color(LOSS),
            ));
        }
        header.push(spans);
    }
    let mut rows: Vec<Vec<Vec<Span>>> = brief
        .watch
        .iter()
        .filter_map(|item| {
            let relations: Vec<Option<Relation>> = tied
                .iter()
                .map(|s| {
                    s.indicators
                        .iter()
                        .find(|i| i.indicator == item.indicator)
                        .map(|i| i.relation)
                })
                .collect();
            if relations.iter().all(Option::is_none) {
                return None;
            }
            let status = if item.overdue {
                Span::new("overdue", sans(8.0).bold().color(LOSS))
            } else {
                Span::new(item.status.as_str(), sans(8.0))
            };
            let mut row = vec![
                vec![Span::new(item.indicator.clone(), sans(8.0))],
                vec![status],
            ];
            row.extend(relations.into_iter().map(|relation| match relation {
                Some(r) => {
                    let colour = if r == Relation::Supports { GAIN } else { LOSS };
                    vec![Span::new(
                        format!("{} {}", relation_mark(r), r.as_str()),
                        sans(8.0).color(colour),
                    )]
                }
                None => Vec::new(),
            }));
            Some(row)
        })
        .collect();
    for (label, count) in [
        (
            "Supporting",
            (|s: &Scenario| s.evidence.supports) as fn(&Scenario) -> _,
        ),
        ("Undermining", |s: &Scenario| s.evidence.undermines),
    ] {
        let mut row = vec![vec![Span::new(label, muted(7.5))], Vec::new()];
        row.extend(
            tied.iter()
                .map(|s| vec![Span::new(status_count(&count(s)), muted(7.5))]),
        );
        rows.push(row);
    }
    out.push(caption(MATRIX_KEY));
    out.push(Block::Table(Table {
        columns: std::iter::repeat_n(
            Column {
                align: Align::Start,
            },
            header.len(),
        )
        .collect(),
        header,
        rows,
        size: 8.0,
        indent: 0.0,
        space_before: 4.0,
        sparks: None,
        tags: TableTags::default(),
    }));
}

/// "8 notes citing 12 sources: …", at the head of the sources section.
pub(super) fn sourcing(brief: &Brief, out: &mut Vec<Block>) {
    let mut p = para(
        vec![Span::new(
            source_summary(&brief.source_summary),
            Style::new(Family::Serif, 10.0),
        )],
        14.0,
        4.0,
    );
    // It introduces the table: never alone at a page's foot.
    p.keep_with_next = !brief.sources.is_empty();
    out.push(Block::Para(p));
}
