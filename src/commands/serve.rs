//! `brief serve`: the analyst's editor loop. Ctrl-C, the browser and the
//! terminal are handled here, at the edge; the work is in `crate::serve`.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::mpsc;

use crate::commands::Outcome;
use crate::error::AppError;
use crate::serve::{self, Event, ServeOptions};

/// Serves until Ctrl-C (or SIGTERM), then exits 0.
pub(crate) fn run(
    options: &ServeOptions,
    open: bool,
    stderr: &mut dyn Write,
) -> Result<Outcome, AppError> {
    let (sender, receiver) = mpsc::channel();
    let stop = sender.clone();
    // A second handler cannot be set in one process; tests start servers in
    // their own processes, so an error here is reported, not fatal.
    if let Err(error) = ctrlc::set_handler(move || {
        let _ = stop.send(Event::Stop);
    }) {
        writeln!(stderr, "warning: Ctrl-C will not stop cleanly: {error}")?;
    }
    let ready = |addr: SocketAddr| {
        let url = format!("http://{addr}/");
        // The address is the result: stdout, so scripts (and tests) read it.
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{url}");
        let _ = stdout.flush();
        if open {
            open_browser(&url);
        }
    };
    serve::run(options, (sender, receiver), stderr, ready).map_err(AppError::from)?;
    Ok(Outcome::Ok)
}

/// Opens `url` in the desktop's browser; failing to is not an error.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let spawned = std::process::Command::new(command.0)
        .args(&command.1)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        eprintln!("warning: could not open a browser; open {url} yourself");
    }
}
