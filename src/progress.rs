//! A progress bar for long builds, shown only when stderr is a terminal
//! (and not with `--quiet`); otherwise every call does nothing, so CI logs
//! and pipes stay clean.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Work counted in steps (notes read, outputs rendered).
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A visible bar when stderr is a terminal and `enabled`; else hidden.
    pub fn for_stderr(enabled: bool) -> Progress {
        let visible = enabled && std::io::stderr().is_terminal();
        Progress {
            bar: visible.then(|| {
                let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
                bar.enable_steady_tick(Duration::from_millis(120));
                bar
            }),
        }
    }

    /// A bar that never draws (tests, `--quiet`, pipes).
    pub fn hidden() -> Progress {
        Progress { bar: None }
    }

    /// Starts a phase of `total` steps, e.g. `("Rendering", 43)`.
    pub fn phase(&self, name: &str, total: usize) {
        if let Some(bar) = &self.bar {
            bar.set_length(total as u64);
            bar.set_position(0);
            bar.set_style(
                ProgressStyle::with_template(
                    "{prefix:>12.cyan.bold} [{bar:30}] {pos}/{len} {wide_msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar.set_prefix(name.to_owned());
        }
    }

    /// One step done.
    pub fn step(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// Hides the bar so other output (diagnostics, the summary) prints cleanly.
    pub fn clear(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.clear();
    }
}
