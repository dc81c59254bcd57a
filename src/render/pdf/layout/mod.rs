//! The layout engine: blocks → lines → pages. Pure: no PDF, no I/O.
//!
//! Blocks (paragraphs of styled spans, code, tables, the chart, rules) are
//! cut into *units*: one line of text, one table row, one chart bar. Each
//! unit knows its height, what it draws (relative to its own top) and
//! whether it must stay with the next one (a heading with its first lines,
//! the first and the last two lines of a paragraph against orphans and
//! widows). Pagination then stacks units on pages, carrying a kept chain
//! over to the next page as a whole and repeating a table's header row on
//! every page it continues on.
//!
//! One concern per file, each importing only those above it here:
//! `block` what content hands in, `unit` what layout makes (and the
//! page geometry), `layouter` the entry that takes blocks, `inline`
//! line breaking (`justify` for justified paragraphs, by total fit in
//! `linebreak`, hyphenated by `hyphenate`), `table`, `chart` and `figure` their
//! blocks, `flow` pagination and floats, `page` the running header and
//! footer (and `watermark` the DRAFT across a draft's pages).
//!
//! Coordinates are points, x from the left page edge, y downwards.

mod block;
mod chart;
mod figure;
mod flow;
mod hyphenate;
mod inline;
mod justify;
mod layouter;
mod linebreak;
mod page;
mod table;
mod unit;
mod watermark;

pub(crate) use block::{
    Align, Bar, Block, Chart, Column, Figure, Group, LineChart, OutlineMark, Para, Rgb, Role,
    Series, Span, Spark, SparkColumn, Style, Table, TableTags, Tag, Target,
};
pub(crate) use flow::{anchor_pages, paginate};
pub(crate) use hyphenate::language;
pub(crate) use layouter::Layouter;
pub(crate) use page::{RunningHead, running_heads};
pub(crate) use unit::{Geometry, Item, Laid, Page, Paginated, PathOp, Spot};

#[cfg(test)]
mod testing;
