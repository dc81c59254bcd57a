//! A progress bar for long builds, shown only when stderr is a terminal
//! (and not with `--quiet`); otherwise every call does nothing, so CI logs
//! and pipes stay clean.
//!
//! Each phase gets a bar of its own (a finished bar drawn again leaves a
//! blank line behind). While outputs render, the bar names those in
//! flight, as cargo names the crates it is compiling:
//! `   Rendering [=====>     ] 7/20 weekly-green.pdf, hormuz-shipping.html`.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Work counted in steps (notes read, outputs rendered).
pub struct Progress {
    visible: bool,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    bar: Option<ProgressBar>,
    /// What is being worked on now, in the order it began.
    in_flight: Vec<String>,
}

impl Progress {
    /// A visible bar when stderr is a terminal and `enabled`; else hidden.
    pub fn for_stderr(enabled: bool) -> Progress {
        Progress {
            visible: enabled && std::io::stderr().is_terminal(),
            state: Mutex::default(),
        }
    }

    /// A bar that never draws (tests, `--quiet`, pipes).
    pub fn hidden() -> Progress {
        Progress {
            visible: false,
            state: Mutex::default(),
        }
    }

    /// Starts a phase of `total` steps, e.g. `("Rendering", 43)`, on a
    /// new bar in place of the last phase's.
    pub fn phase(&self, name: &str, total: usize) {
        if !self.visible {
            return;
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{prefix:>12.cyan.bold} [{bar:30}] {pos}/{len} {wide_msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_prefix(name.to_owned());
        bar.enable_steady_tick(Duration::from_millis(120));
        let mut state = self.lock();
        if let Some(old) = state.bar.replace(bar) {
            old.finish_and_clear();
        }
        state.in_flight.clear();
    }

    /// One step done.
    pub fn step(&self) {
        if let Some(bar) = &self.lock().bar {
            bar.inc(1);
        }
    }

    /// Work on `what` (an output's name) begins: the bar names it.
    pub fn begin(&self, what: &str) {
        if !self.visible {
            return;
        }
        let mut state = self.lock();
        state.in_flight.push(what.to_owned());
        state.show_in_flight();
    }

    /// Work on `what` is done: one step, and the bar stops naming it.
    pub fn end(&self, what: &str) {
        if !self.visible {
            return;
        }
        let mut state = self.lock();
        if let Some(at) = state.in_flight.iter().position(|w| w == what) {
            state.in_flight.remove(at);
        }
        state.show_in_flight();
        if let Some(bar) = &state.bar {
            bar.inc(1);
        }
    }

    /// Hides the bar so other output (diagnostics, the summary) prints cleanly.
    pub fn clear(&self) {
        if let Some(bar) = self.lock().bar.take() {
            bar.finish_and_clear();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic elsewhere while holding it leaves nothing half-done
        // here worth refusing to draw.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl State {
    fn show_in_flight(&self) {
        if let Some(bar) = &self.bar {
            bar.set_message(self.in_flight.join(", "));
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hidden_bar_keeps_no_state() {
        let progress = Progress::hidden();
        progress.phase("Rendering", 3);
        progress.begin("a.pdf");
        progress.end("a.pdf");
        progress.step();
        assert!(progress.lock().bar.is_none());
        assert!(progress.lock().in_flight.is_empty());
    }

    #[test]
    fn the_bar_names_what_is_in_flight_and_counts_what_ends() {
        let progress = Progress {
            visible: true,
            state: Mutex::default(),
        };
        progress.phase("Rendering", 3);
        progress.begin("a.pdf");
        progress.begin("b.html");
        assert_eq!(
            progress.lock().bar.as_ref().unwrap().message(),
            "a.pdf, b.html"
        );
        progress.end("a.pdf");
        let state = progress.lock();
        let bar = state.bar.as_ref().unwrap();
        assert_eq!((bar.message().as_str(), bar.position()), ("b.html", 1));
        drop(state);
        // A new phase starts a new bar, from nothing.
        progress.phase("Writing", 2);
        let state = progress.lock();
        let bar = state.bar.as_ref().unwrap();
        assert_eq!(
            (bar.position(), bar.length(), bar.message().as_str()),
            (0, Some(2), "")
        );
    }
}
