//! `brief`: analysts' markdown notes into structured briefs.
//!
//! The pipeline runs one way: discover (`workspace`) → parse and validate
//! (`note`, `config`) → aggregate (`aggregate` into `model`) → render
//! (`render`) → write (`write`). See ARCHITECTURE.md.

pub mod aggregate;
pub mod app;
pub mod changes;
pub mod cli;
pub mod commands;
pub mod config;
pub mod decode;
pub mod diag;
pub mod error;
pub mod lint;
pub mod load;
pub mod markdown;
pub mod memory;
pub mod model;
pub mod names;
pub mod note;
pub mod packet;
pub mod pipeline;
pub mod policy;
pub mod progress;
pub mod render;
pub mod serve;
pub mod status;
pub mod timeline;
pub mod vocab;
pub mod workspace;
pub mod write;
pub mod yaml;
