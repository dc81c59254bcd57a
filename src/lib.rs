//! `brief`: analysts' markdown notes into structured briefs.
//!
//! The pipeline runs one way: discover (`workspace`) → parse and validate
//! (`note`, `config`) → lint (`lint`, `policy`) → aggregate (`aggregate`
//! into `model`) → render (`render`) → write (`write`); `load` and
//! `pipeline` run the stages for the commands. See ARCHITECTURE.md.

pub mod aggregate;
pub mod app;
pub(crate) mod changes;
pub mod cli;
pub(crate) mod commands;
pub mod config;
pub(crate) mod decode;
pub mod diag;
pub mod error;
pub mod figures;
pub(crate) mod indicators;
pub(crate) mod lint;
pub mod load;
pub mod lsp;
pub mod markdown;
pub(crate) mod memory;
pub mod model;
pub(crate) mod names;
pub mod note;
pub(crate) mod packet;
pub mod pipeline;
pub(crate) mod policy;
pub(crate) mod progress;
pub mod render;
pub mod serve;
pub(crate) mod status;
pub(crate) mod timeline;
pub mod typefaces;
pub mod vocab;
pub mod workspace;
pub mod write;
pub mod yaml;
