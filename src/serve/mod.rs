//! `brief serve`: build, serve the output folder on 127.0.0.1, and rebuild
//! and reload open pages whenever the workspace changes.
//!
//! The caller's thread runs the loop below (events in, rebuilds out); a
//! bounded pool (`pool`) accepts connections and answers each once
//! (`connection`: the head read by `request`, answered by `http`, sent
//! as a `response`), within `limits`; the watcher's
//! thread (`watch`) turns file events into `Event::Changed`. Builds are
//! incremental (`cache`).
//! What pages show beyond the built files — the reload script and the
//! banner of a failed rebuild — is added to responses, never to files.

pub mod cache;
mod connection;
pub(crate) mod http;
pub(crate) mod limits;
mod pool;
pub(crate) mod request;
pub(crate) mod response;

use std::io::{self, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::workspace::watch;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use thiserror::Error;

use crate::diag::{self, Diagnostic, Format};
use crate::pipeline::Settings;
use crate::status::Status;
use crate::write::{OutputDir, OutputError};
use cache::{Changed, Engine, EngineError, Report};
use http::{PageState, Site};

/// The port tried first when none is asked for; the next free one after
/// it is taken if it is busy.
pub const DEFAULT_PORT: u16 = 8000;
/// Formats `serve` writes unless told: what a browser shows. PDFs are
/// typeset per packet, so they would make every rebuild slower.
pub const DEFAULT_FORMATS: [crate::render::Format; 2] =
    [crate::render::Format::Html, crate::render::Format::Json];
/// How many ports after `DEFAULT_PORT` are tried.
const PORT_TRIES: u16 = 100;
/// How often open event streams get a keep-alive comment.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What `serve` does and how it reports.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The workspace root, watched for changes.
    pub root: PathBuf,
    /// The output folder, built into and served.
    pub out: PathBuf,
    /// The formats each rebuild writes.
    pub formats: Vec<crate::render::Format>,
    /// `None`: `DEFAULT_PORT` or the next free one. `Some(0)`: any free port.
    pub port: Option<u16>,
    /// `--window`: build every brief over the notes of this many days.
    pub window: Option<u32>,
    /// `SOURCE_DATE_EPOCH`: the date written into PDFs.
    pub source_date_epoch: Option<i64>,
    /// Print errors only.
    pub quiet: bool,
    /// Print every diagnostic of each rebuild, not only the summary.
    pub verbose: bool,
    /// Colour the status lines.
    pub color: bool,
}

/// What the serving loop listens to.
#[derive(Debug)]
pub enum Event {
    /// Files changed under the workspace: rebuild what they touch.
    Changed(watch::Change),
    /// Ctrl-C (or SIGTERM): stop serving.
    Stop,
}

/// Why serving could not start.
#[derive(Debug, Error)]
pub enum ServeError {
    /// The port given with `--port` is taken.
    #[error(
        "port {port} on 127.0.0.1 is in use; choose another with --port, or leave --port out to take the next free one"
    )]
    PortInUse {
        /// The port asked for with `--port`.
        port: u16,
    },
    /// Every port from the default on was taken.
    #[error("no free port on 127.0.0.1 from {first} to {last}; choose one with --port")]
    NoFreePort {
        /// The first port tried.
        first: u16,
        /// The last port tried.
        last: u16,
    },
    /// Binding the port failed for another reason than its being taken.
    #[error("could not listen on 127.0.0.1:{port}")]
    Listen {
        /// The port.
        port: u16,
        /// What the OS said.
        source: io::Error,
    },
    /// The accept thread or the workers could not be started.
    #[error("could not start the HTTP server")]
    Http(#[source] io::Error),
    /// The file watcher could not be set up on the workspace.
    #[error("could not watch {path}")]
    Watch {
        /// The workspace root.
        path: PathBuf,
        /// What notify said.
        source: notify::Error,
    },
    /// The output folder was refused or could not be prepared.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The output folder vanished before it could be resolved.
    #[error("could not find the output folder {path}")]
    OutputPath {
        /// The output folder.
        path: PathBuf,
        /// What the OS said.
        source: io::Error,
    },
    /// Status lines could not be written to stderr.
    #[error("could not print: {0}")]
    Print(#[from] io::Error),
}

/// Binds 127.0.0.1 only: the asked port (an error if busy), or the first
/// free one from `DEFAULT_PORT` on.
pub fn bind(port: Option<u16>) -> Result<TcpListener, ServeError> {
    let listen = |port: u16| TcpListener::bind((Ipv4Addr::LOCALHOST, port));
    match port {
        Some(port) => listen(port).map_err(|source| {
            if source.kind() == io::ErrorKind::AddrInUse {
                ServeError::PortInUse { port }
            } else {
                ServeError::Listen { port, source }
            }
        }),
        None => {
            let last = DEFAULT_PORT + PORT_TRIES - 1;
            for port in DEFAULT_PORT..=last {
                match listen(port) {
                    Ok(listener) => return Ok(listener),
                    Err(e) if e.kind() == io::ErrorKind::AddrInUse => continue,
                    Err(source) => return Err(ServeError::Listen { port, source }),
                }
            }
            Err(ServeError::NoFreePort {
                first: DEFAULT_PORT,
                last,
            })
        }
    }
}

/// Builds, serves and rebuilds until `Event::Stop` arrives (or every
/// sender is gone). `ready` is called once with the address, after the
/// first build, when the server accepts requests.
pub fn run(
    options: &ServeOptions,
    events: (std::sync::mpsc::Sender<Event>, Receiver<Event>),
    stderr: &mut dyn Write,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    let (sender, receiver) = events;
    let listener = bind(options.port)?;
    let addr = listener.local_addr().map_err(|source| ServeError::Listen {
        port: options.port.unwrap_or(DEFAULT_PORT),
        source,
    })?;
    let status = crate::status::Status {
        quiet: options.quiet,
        color: options.color,
    };
    let out = OutputDir::prepare(&options.root, &options.out, status, stderr)?;
    let out_root = options
        .out
        .canonicalize()
        .map_err(|source| ServeError::OutputPath {
            path: options.out.clone(),
            source,
        })?;
    let printer = Printer {
        status: Status {
            quiet: options.quiet,
            color: options.color,
        },
        verbose: options.verbose,
    };

    let mut engine = Engine::new(
        &options.root,
        Settings {
            formats: options.formats.clone(),
            source_date_epoch: options.source_date_epoch,
            pdf_standard: None,
        },
    )
    .with_window(options.window);
    printer.status(stderr, "Building", &options.root.display().to_string())?;
    let started = Instant::now();
    let result = engine.update(&Changed::Everything, &out);
    let banner = printer.finish(stderr, result, started)?;

    let site = Arc::new(Site {
        root: out_root.clone(),
        port: addr.port(),
        state: std::sync::Mutex::new(PageState {
            generation: 1,
            banner,
        }),
        clients: http::Clients::default(),
    });
    let pool = {
        let site = Arc::clone(&site);
        pool::Pool::start(
            listener,
            pool::Handlers {
                handle: Box::new(move |stream| connection::serve(&site, stream)),
                refuse: connection::refuse_busy,
            },
        )
        .map_err(ServeError::Http)?
    };

    let watch_sender = sender.clone();
    let _watch = watch::watch(&options.root, &out_root, move |change| {
        let _ = watch_sender.send(Event::Changed(change));
    })
    .map_err(|source| ServeError::Watch {
        path: options.root.clone(),
        source,
    })?;
    drop(sender);
    ready(addr);
    printer.status(
        stderr,
        "Watching",
        &format!("{} for changes (Ctrl-C to stop)", options.root.display()),
    )?;

    loop {
        let change = match receiver.recv_timeout(KEEP_ALIVE) {
            Ok(Event::Changed(change)) => change,
            Ok(Event::Stop) | Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) => {
                site.clients.keep_alive();
                continue;
            }
        };
        // Fold whatever else is already queued into this rebuild.
        let mut changed = into_changed(&options.root, change);
        let mut stop = false;
        while let Ok(event) = receiver.try_recv() {
            match event {
                Event::Changed(more) => changed = merge(changed, into_changed(&options.root, more)),
                Event::Stop => stop = true,
            }
        }
        if stop {
            break;
        }
        let shown = describe(&options.root, &changed);
        printer.status(stderr, "Rebuilding", &shown.join(", "))?;
        let started = Instant::now();
        let mut result = engine.update(&changed, &out);
        let superseded = result.as_mut().ok().and_then(|r| r.superseded.take());
        let banner = printer.finish(stderr, result, started)?;
        let generation = {
            let mut state = site.state.lock().unwrap_or_else(|e| e.into_inner());
            state.generation += 1;
            state.banner = banner;
            state.generation
        };
        site.clients.broadcast(generation);
        // Only now remove the replaced outputs: freeing a large file takes
        // a while, and the page need not wait for it.
        drop(superseded);
    }
    pool.stop();
    printer.status(stderr, "Stopped", "serving")?;
    Ok(())
}

fn into_changed(root: &Path, change: watch::Change) -> Changed {
    match change {
        watch::Change::Paths(paths) => Changed::Paths(
            paths
                .into_iter()
                .map(|p| p.strip_prefix(root).map(Path::to_path_buf).unwrap_or(p))
                .collect(),
        ),
        watch::Change::Rescan => Changed::Everything,
    }
}

fn merge(a: Changed, b: Changed) -> Changed {
    match (a, b) {
        (Changed::Paths(mut a), Changed::Paths(b)) => {
            a.extend(b);
            a.sort();
            a.dedup();
            Changed::Paths(a)
        }
        _ => Changed::Everything,
    }
}

fn describe(root: &Path, changed: &Changed) -> Vec<String> {
    match changed {
        Changed::Everything => vec![root.display().to_string()],
        Changed::Paths(paths) => {
            // Leave out editors' temporary files, gone by now.
            let shown: Vec<String> = paths
                .iter()
                .filter(|p| p.extension().is_some_and(|e| e == "md") || root.join(p).exists())
                .map(|p| p.display().to_string())
                .collect();
            if shown.is_empty() {
                vec![crate::workspace::NOTES_DIR.to_owned()]
            } else {
                shown
            }
        }
    }
}

/// `serve`'s messages: cargo-style status lines, and each update's result.
struct Printer {
    status: Status,
    verbose: bool,
}

impl Printer {
    fn status(&self, stderr: &mut dyn Write, verb: &str, what: &str) -> io::Result<()> {
        self.status.line(stderr, verb, what)
    }

    fn error(&self, stderr: &mut dyn Write, message: &str) -> io::Result<()> {
        self.status.error(stderr, message)
    }

    /// Reports an update; returns the banner pages should show (the
    /// errors, when the update wrote nothing).
    fn finish(
        &self,
        stderr: &mut dyn Write,
        result: Result<Report, EngineError>,
        started: Instant,
    ) -> io::Result<Option<String>> {
        let report = match result {
            Ok(report) => report,
            Err(EngineError::Template(diagnostics)) => Report {
                diagnostics,
                blocked: true,
                ..Report::default()
            },
            Err(error) => {
                let message = crate::status::error_chain(&error);
                self.error(stderr, &message)?;
                return Ok(Some(message));
            }
        };
        // The engine reports every problem after the first build, then
        // errors and what concerns the changed files.
        stderr.write_all(
            diag::render(&report.diagnostics, Format::Human, self.status.color).as_bytes(),
        )?;
        if report.blocked {
            let errors: Vec<Diagnostic> = report
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect();
            self.error(
                stderr,
                &format!(
                    "{}; nothing written, serving the last good build",
                    diag::plural(errors.len(), "error")
                ),
            )?;
            return Ok(Some(diag::render(&errors, Format::Human, false)));
        }
        if self.verbose {
            for name in &report.written {
                writeln!(stderr, "  wrote {name}")?;
            }
        }
        self.status(
            stderr,
            "Finished",
            &format!(
                "{} and {} in {:.2}s",
                diag::plural(report.briefs, "brief"),
                diag::plural(report.packets, "packet"),
                started.elapsed().as_secs_f64()
            ),
        )?;
        Ok(None)
    }
}
