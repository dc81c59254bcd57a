//! Accepting connections: one thread accepts, `limits::WORKERS` threads
//! answer, each one connection at a time. However many clients connect,
//! `serve` holds at most the workers' connections plus `limits::QUEUED`
//! waiting ones; the others are refused at once. A handler that panics
//! loses its connection, never its worker, and the accepting thread logs
//! its errors and goes on.

use std::io::{self, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::limits;

/// How long a connection may wait for room in a full queue.
const QUEUE_WAIT: Duration = Duration::from_millis(100);

/// What a worker does with a connection, and what the accepting thread
/// does with one when every worker is busy and the queue is full.
pub(super) struct Handlers {
    pub handle: Box<dyn Fn(TcpStream) + Send + Sync>,
    pub refuse: fn(TcpStream),
}

/// A running pool; `stop` ends it.
pub(super) struct Pool {
    addr: SocketAddr,
    stopping: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

impl Pool {
    /// Starts the workers and the accepting thread. An error only when not
    /// one worker, or the accepting thread, could be started.
    pub(super) fn start(listener: TcpListener, handlers: Handlers) -> io::Result<Pool> {
        let addr = listener.local_addr()?;
        let (queue, waiting) = mpsc::sync_channel(limits::QUEUED);
        let waiting = Arc::new(Mutex::new(waiting));
        let handle: Arc<dyn Fn(TcpStream) + Send + Sync> = Arc::from(handlers.handle);
        for index in 0..limits::WORKERS {
            let waiting = Arc::clone(&waiting);
            let handle = Arc::clone(&handle);
            let spawned = thread::Builder::new()
                .name(format!("serve-worker-{index}"))
                .spawn(move || work(&waiting, &*handle));
            if let Err(error) = spawned {
                if index == 0 {
                    return Err(error);
                }
                warn(&format!(
                    "serving with {index} threads, not {}: {error}",
                    limits::WORKERS
                ));
                break;
            }
        }
        let stopping = Arc::new(AtomicBool::new(false));
        let acceptor = {
            let stopping = Arc::clone(&stopping);
            thread::Builder::new()
                .name("serve-accept".to_owned())
                .spawn(move || accept(&listener, &queue, handlers.refuse, &stopping))?
        };
        Ok(Pool {
            addr,
            stopping,
            acceptor: Some(acceptor),
        })
    }

    /// Stops accepting; workers finish their connection and end. Returns
    /// once the accepting thread has.
    pub(super) fn stop(mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // A connection wakes the accepting thread up; when none can be
        // made, it is left blocked rather than waited for.
        let woken = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1)).is_ok();
        if let Some(acceptor) = self.acceptor.take()
            && woken
        {
            let _ = acceptor.join();
        }
    }
}

fn work(waiting: &Mutex<Receiver<TcpStream>>, handle: &(dyn Fn(TcpStream) + Send + Sync)) {
    loop {
        let next = waiting.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok(stream) = next else {
            return;
        };
        if panic::catch_unwind(AssertUnwindSafe(|| handle(stream))).is_err() {
            warn("a request handler panicked; its connection was dropped");
        }
    }
}

fn accept(
    listener: &TcpListener,
    queue: &SyncSender<TcpStream>,
    refuse: fn(TcpStream),
    stopping: &AtomicBool,
) {
    let mut last_warning: Option<Instant> = None;
    loop {
        let accepted = listener.accept();
        if stopping.load(Ordering::SeqCst) {
            return;
        }
        match accepted {
            Ok((stream, _)) => {
                if !enqueue(queue, stream, refuse) {
                    return;
                }
            }
            Err(error) => {
                // Out of file descriptors, say: say so now and then, wait
                // a little so the loop does not spin, and go on.
                if last_warning.is_none_or(|at| at.elapsed() >= Duration::from_secs(1)) {
                    warn(&format!("could not accept a connection: {error}"));
                    last_warning = Some(Instant::now());
                }
                thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

/// Hands `stream` to the workers, waiting up to `QUEUE_WAIT` for room so
/// that a burst is not refused while workers are about to be free; else
/// `refuse`s it. False once every worker is gone (they never panic out):
/// nothing can be answered any more.
fn enqueue(queue: &SyncSender<TcpStream>, mut stream: TcpStream, refuse: fn(TcpStream)) -> bool {
    let until = Instant::now() + QUEUE_WAIT;
    loop {
        match queue.try_send(stream) {
            Ok(()) => return true,
            Err(TrySendError::Disconnected(_)) => return false,
            Err(TrySendError::Full(back)) if Instant::now() >= until => {
                refuse(back);
                return true;
            }
            Err(TrySendError::Full(back)) => {
                stream = back;
                thread::sleep(Duration::from_millis(5));
            }
        }
    }
}

fn warn(message: &str) {
    let _ = writeln!(io::stderr().lock(), "warning: {message}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::Shutdown;
    use std::sync::atomic::AtomicUsize;

    fn reply(mut stream: TcpStream, text: &str) {
        let _ = stream.write_all(text.as_bytes());
        let _ = stream.shutdown(Shutdown::Write);
    }

    fn read_all(addr: SocketAddr) -> String {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut text = String::new();
        let _ = stream.read_to_string(&mut text);
        text
    }

    #[test]
    fn a_panicking_handler_loses_its_connection_not_the_server() {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let addr = listener.local_addr().unwrap();
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&calls);
        let pool = Pool::start(
            listener,
            Handlers {
                handle: Box::new(move |stream| {
                    let n = counted.fetch_add(1, Ordering::SeqCst);
                    assert!(n > limits::WORKERS, "handler panics on purpose");
                    reply(stream, "ok");
                }),
                refuse: |stream| reply(stream, "busy"),
            },
        )
        .unwrap();
        // More panics than workers: a worker survives its own.
        for _ in 0..=limits::WORKERS {
            assert_eq!(read_all(addr), "");
        }
        assert_eq!(read_all(addr), "ok");
        pool.stop();
    }

    #[test]
    fn past_the_workers_and_the_queue_connections_are_refused_at_once() {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let addr = listener.local_addr().unwrap();
        let gate = Arc::new((Mutex::new(false), std::sync::Condvar::new()));
        let held = Arc::clone(&gate);
        let busy = Arc::new(AtomicUsize::new(0));
        let working = Arc::clone(&busy);
        let pool = Pool::start(
            listener,
            Handlers {
                handle: Box::new(move |stream| {
                    working.fetch_add(1, Ordering::SeqCst);
                    let (open, opened) = &*held;
                    let mut open = open.lock().unwrap();
                    while !*open {
                        open = opened.wait(open).unwrap();
                    }
                    reply(stream, "ok");
                }),
                refuse: |stream| reply(stream, "busy"),
            },
        )
        .unwrap();
        let connect = |n| (0..n).map(|_| TcpStream::connect(addr).unwrap());
        let mut held: Vec<TcpStream> = connect(limits::WORKERS).collect();
        while busy.load(Ordering::SeqCst) < limits::WORKERS {
            thread::sleep(Duration::from_millis(5));
        }
        held.extend(connect(limits::QUEUED));
        // Accepted in order: this one finds every worker busy, the queue full.
        assert_eq!(read_all(addr), "busy");
        *gate.0.lock().unwrap() = true;
        gate.1.notify_all();
        for mut stream in held {
            let mut text = String::new();
            stream.read_to_string(&mut text).unwrap();
            assert_eq!(text, "ok");
        }
        pool.stop();
    }
}
