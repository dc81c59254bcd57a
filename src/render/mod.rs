//! Renderers: the aggregated model into bytes, one module per format.
//! They take `&model::Brief`, never notes.

pub mod format;
pub mod html;
pub mod json;
pub mod markdown;
pub mod pdf;
