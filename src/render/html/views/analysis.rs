//! The analysis around the figures: the key judgments that open a brief,
//! the scenario × indicator matrix and the DRAFT notice.

use serde::Serialize;

use crate::model::{Brief, KeyJudgments, Scenario};
use crate::render::format::{estimate, judgment_qualifier, long_date, relation_mark, status_count};
use crate::render::markdown::to_html;
use crate::vocab::Relation;

#[derive(Debug, Serialize)]
pub(crate) struct JudgmentsView {
    note_title: String,
    date: String,
    date_text: String,
    items: Vec<JudgmentView>,
    summary_html: String,
}

#[derive(Debug, Serialize)]
struct JudgmentView {
    text: String,
    qualifier: String,
}

impl JudgmentsView {
    pub(crate) fn new(judgments: &KeyJudgments, p: &str, of: &str) -> JudgmentsView {
        JudgmentsView {
            note_title: judgments.note.title.clone(),
            date: judgments.note.date.to_string(),
            date_text: long_date(judgments.note.date),
            items: judgments
                .items
                .iter()
                .map(|j| JudgmentView {
                    text: j.text.clone(),
                    qualifier: judgment_qualifier(j),
                })
                .collect(),
            summary_html: to_html(
                &judgments.summary,
                &format!("{p}key-judgments-"),
                &format!("Key judgments{of}"),
            ),
        }
    }
}

/// Scenarios across, the indicators tied to any of them down; each cell
/// says how the row's indicator bears on the column's scenario.
#[derive(Debug, Serialize)]
pub(crate) struct MatrixView {
    scenarios: Vec<MatrixScenario>,
    rows: Vec<MatrixRow>,
}

#[derive(Debug, Serialize)]
struct MatrixScenario {
    name: String,
    estimate: String,
    /// "2 observed, 1 open" for and against.
    supports: String,
    undermines: String,
    /// Set when observed indicators run against the estimate.
    against: bool,
}

#[derive(Debug, Serialize)]
struct MatrixRow {
    indicator: String,
    status: &'static str,
    overdue: bool,
    cells: Vec<MatrixCell>,
}

#[derive(Debug, Serialize)]
struct MatrixCell {
    /// `supports`, `undermines` or empty.
    relation: &'static str,
    /// ▲ or ▼, or empty.
    mark: &'static str,
}

impl MatrixView {
    /// `None` when no watch item is tied to a scenario.
    pub(crate) fn new(brief: &Brief) -> Option<MatrixView> {
        let tied: Vec<&Scenario> = brief
            .scenarios
            .iter()
            .filter(|s| !s.indicators.is_empty())
            .collect();
        if tied.is_empty() {
            return None;
        }
        let rows = brief
            .watch
            .iter()
            .filter_map(|item| {
                let cells: Vec<MatrixCell> = tied
                    .iter()
                    .map(|scenario| {
                        let relation = scenario
                            .indicators
                            .iter()
                            .find(|i| i.indicator == item.indicator)
                            .map(|i| i.relation);
                        MatrixCell {
                            relation: relation.map_or("", Relation::as_str),
                            mark: relation.map_or("", relation_mark),
                        }
                    })
                    .collect();
                cells
                    .iter()
                    .any(|c| !c.relation.is_empty())
                    .then(|| MatrixRow {
                        indicator: item.indicator.clone(),
                        status: item.status.as_str(),
                        overdue: item.overdue,
                        cells,
                    })
            })
            .collect();
        Some(MatrixView {
            scenarios: tied
                .iter()
                .map(|s| MatrixScenario {
                    name: s.name.clone(),
                    estimate: estimate(s.likelihood, s.percent),
                    supports: status_count(&s.evidence.supports),
                    undermines: status_count(&s.evidence.undermines),
                    against: s.against_evidence.is_some(),
                })
                .collect(),
            rows,
        })
    }
}
