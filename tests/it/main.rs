//! The integration tests: one binary (linking the crate once, not once per
//! file), one module per area, the shared helpers in `util`. Most tests run
//! the real `brief` binary on a temporary copy of a fixture workspace.
//!
//! Tests that need outside programs (pdftotext, qpdf, the Nu checker,
//! Chromium) are `#[ignore = "needs …"]`; `.ci/run` installs those and runs
//! them with `cargo test -- --include-ignored`.

mod analysis;
mod axe;
mod bad_input;
mod build;
mod ci_example;
mod commands;
mod diagnostics;
mod figures;
mod fonts;
mod hostile_files;
mod html;
mod lsp;
mod manual;
mod names;
mod packets;
mod parse_fuzz;
mod pathological;
mod pdf;
mod pdfua;
mod serve;
mod serve_hostile;
mod terminal;
mod util;
mod window;
