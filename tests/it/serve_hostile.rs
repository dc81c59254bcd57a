//! `brief serve` against hostile clients (issue 16, points 1 and 5): a web
//! page rebinding its name to 127.0.0.1, floods of requests and
//! connections, a 10 MB header line, idle and slow connections, too many
//! reload streams, pages too large to hold in memory. Raw requests over
//! TcpStream, to the real binary; threads and memory from /proc.

use crate::util::{self, Workspace};

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(20);

/// A running `brief serve` on a free port, killed when dropped.
struct Served {
    child: Child,
    port: u16,
    workspace: Workspace,
}

impl Served {
    fn start() -> Served {
        Served::start_with(&[])
    }

    fn start_with(env: &[(&str, &str)]) -> Served {
        let workspace = Workspace::new().dir("briefs");
        let mut child = Command::new(util::binary())
            .args(["serve", "--quiet", "--port", "0", "--root"])
            .arg(workspace.path())
            .envs(env.iter().copied())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let port = util::served_port(&mut child);
        Served {
            child,
            port,
            workspace,
        }
    }

    fn connect(&self) -> std::net::TcpStream {
        let stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        stream
    }

    /// Sends `request` as is; the response up to the server's close.
    fn raw(&self, request: &str) -> String {
        let mut stream = self.connect();
        stream.write_all(request.as_bytes()).unwrap();
        read_response(&mut stream)
    }

    fn get(&self, target: &str, host: &str) -> String {
        self.raw(&format!("GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n"))
    }

    fn good_host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// A field of /proc/PID/status, in its unit (kB for memory).
    #[cfg(target_os = "linux")]
    fn proc_status(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|value| value.split_whitespace().next()?.parse().ok())
            .unwrap_or_else(|| panic!("no {field} in {status}"))
    }
}

/// The highest Threads and VmRSS (kB) seen every 5 ms while `work` runs.
#[cfg(target_os = "linux")]
struct Peak {
    threads: u64,
    rss: u64,
}

#[cfg(target_os = "linux")]
fn peak_while<T>(served: &Served, work: impl FnOnce() -> T) -> (T, Peak) {
    let done = std::sync::atomic::AtomicBool::new(false);
    thread::scope(|scope| {
        let sampler = scope.spawn(|| {
            let mut peak = Peak { threads: 0, rss: 0 };
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                peak.threads = peak.threads.max(served.proc_status("Threads"));
                peak.rss = peak.rss.max(served.proc_status("VmRSS"));
                thread::sleep(Duration::from_millis(5));
            }
            peak
        });
        let result = work();
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        (result, sampler.join().unwrap())
    })
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the server sent until it closed; a reset after a response (the
/// client was still sending) keeps what was read.
fn read_response(stream: &mut impl Read) -> String {
    let mut bytes = Vec::new();
    let mut chunk = [0; 8192];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => bytes.extend_from_slice(&chunk[..n]),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn status_of(response: &str) -> u16 {
    response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn assert_status(response: &str, status: u16, what: &str) {
    assert_eq!(status_of(response), status, "{what}: {response:.300}");
}

#[test]
fn another_sites_page_cannot_hold_a_reload_stream_but_a_link_still_opens() {
    let served = Served::start();
    let host = served.good_host();
    for target in ["/__brief/events", "/index.html"] {
        for (site, mode) in [("cross-site", "cors"), ("same-site", "no-cors")] {
            let response = served.raw(&format!(
                "GET {target} HTTP/1.1\r\nHost: {host}\r\nSec-Fetch-Site: {site}\r\nSec-Fetch-Mode: {mode}\r\n\r\n"
            ));
            assert_status(&response, 403, &format!("{site} {mode} {target}"));
            assert!(
                response.ends_with("cross-site request refused\n"),
                "{response}"
            );
        }
    }
    let followed = served.raw(&format!(
        "GET /index.html HTTP/1.1\r\nHost: {host}\r\nSec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: navigate\r\n\r\n"
    ));
    assert_status(&followed, 200, "a link from another site, followed");
    let own = served.raw(&format!(
        "GET /index.html HTTP/1.1\r\nHost: {host}\r\nSec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: cors\r\n\r\n"
    ));
    assert_status(&own, 200, "the page's own requests");
}

#[test]
fn only_its_own_host_is_answered_and_never_with_cors_headers() {
    let served = Served::start();
    let port = served.port;
    let refused_hosts = [
        format!("evil.example:{port}"),
        "127.0.0.1.evil.example".to_owned(),
        format!("127.0.0.1.evil.example:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
        format!("localhost:{port}.evil.example"),
        format!("[::1]:{port}@evil.example"),
        String::new(),
    ];
    for target in ["/", "/index.html", "/__brief/events"] {
        for host in &refused_hosts {
            let response = served.get(target, host);
            assert_status(&response, 421, &format!("Host {host:?} {target}"));
            assert!(
                response.ends_with(&format!(
                    "\r\n\r\nmisdirected request: this server answers only Host 127.0.0.1:{port}, \
localhost:{port} or [::1]:{port}\n"
                )),
                "{response}"
            );
        }
        let no_host = served.raw(&format!("GET {target} HTTP/1.0\r\n\r\n"));
        assert_status(&no_host, 421, "no Host");
        let two_hosts = served.raw(&format!(
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\n\r\n"
        ));
        assert_status(&two_hosts, 421, "two Hosts");
    }
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let response = served.raw(&format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\nOrigin: http://evil.example\r\n\r\n"
        ));
        assert_status(&response, 200, &host);
        let head = response.split("\r\n\r\n").next().unwrap_or_default();
        assert!(
            !head.to_ascii_lowercase().contains("access-control-"),
            "{head}"
        );
        assert!(head.contains("Connection: close"), "{head}");
    }
}

#[test]
fn only_get_and_head_are_answered() {
    let served = Served::start();
    let host = served.good_host();
    let post = served.raw(&format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 5\r\n\r\nhello"
    ));
    assert_status(&post, 405, "POST");
    assert!(post.contains("\r\nAllow: GET, HEAD\r\n"), "{post}");
    let head = served.raw(&format!("HEAD / HTTP/1.1\r\nHost: {host}\r\n\r\n"));
    assert_status(&head, 200, "HEAD");
    assert!(head.ends_with("\r\n\r\n"), "HEAD has a body: {head}");
    let get = served.get("/", &host);
    let length = |response: &str| {
        response
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .map(str::to_owned)
    };
    assert_eq!(length(&head), length(&get), "HEAD and GET lengths differ");
    let garbage = served.raw("\x16\x03\x01\x02\x00\x01\x00\x01\x7f\x03\x03\r\n\r\n");
    assert_status(&garbage, 400, "a TLS hello");
}

#[cfg(target_os = "linux")]
#[test]
fn a_flood_of_requests_and_connections_keeps_threads_and_memory_bounded() {
    let served = Served::start();
    let host = served.good_host();
    let threads_before = served.proc_status("Threads");
    let rss_before = served.proc_status("VmRSS");

    let request = format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n");
    let ((pipelined, parallel), peak) = peak_while(&served, || {
        let mut pipelined = served.connect();
        let _ = pipelined.write_all(request.repeat(2_000).as_bytes());
        let parallel: Vec<_> = (0..200)
            .map(|_| {
                let mut stream = served.connect();
                let request = request.repeat(10);
                thread::spawn(move || {
                    let _ = stream.write_all(request.as_bytes());
                    read_response(&mut stream)
                })
            })
            .collect();
        let parallel: Vec<String> = parallel.into_iter().map(|c| c.join().unwrap()).collect();
        (read_response(&mut pipelined), parallel)
    });
    let rss_after = served.proc_status("VmRSS");
    assert!(
        peak.threads < 64,
        "{} threads (from {threads_before})",
        peak.threads
    );
    assert!(
        peak.rss.max(rss_after).saturating_sub(rss_before) < 64 * 1024,
        "VmRSS grew from {rss_before} kB to {} kB",
        peak.rss.max(rss_after)
    );
    assert_status(&pipelined, 200, "the pipelined flood");
    // Every connection gets one answer: the page, or "busy" when the
    // queue is full; never silence.
    for response in &parallel {
        assert!(matches!(status_of(response), 200 | 503), "{response:.200}");
    }
    assert!(
        parallel.iter().any(|r| status_of(r) == 200),
        "no parallel connection was served"
    );
    assert_status(&served.get("/", &host), 200, "a GET after the flood");
}

#[cfg(target_os = "linux")]
#[test]
fn a_10_mb_header_line_gets_431_without_growing_memory() {
    let served = Served::start();
    let host = served.good_host();
    let rss_before = served.proc_status("VmRSS");
    let (response, peak) = peak_while(&served, || {
        let mut stream = served.connect();
        let mut writer = stream.try_clone().unwrap();
        let host = host.clone();
        let sender = thread::spawn(move || {
            let mut request = format!("GET / HTTP/1.1\r\nHost: {host}\r\nX-Long: ").into_bytes();
            request.resize(request.len() + 10 * 1024 * 1024, b'a');
            request.extend_from_slice(b"\r\n\r\n");
            // The server stops reading at the cap and closes: a broken pipe.
            let _ = writer.write_all(&request);
        });
        let response = read_response(&mut stream);
        sender.join().unwrap();
        response
    });
    assert_status(&response, 431, "a 10 MB header line");
    assert!(
        response.contains("request header fields too large: at most 16 KiB"),
        "{response}"
    );
    assert!(
        peak.rss.saturating_sub(rss_before) < 8 * 1024,
        "VmRSS grew from {rss_before} kB to {} kB",
        peak.rss
    );
    assert_status(&served.get("/", &served.good_host()), 200, "a GET after");
}

#[cfg(target_os = "linux")]
#[test]
fn large_pages_are_streamed_not_held_in_memory() {
    let served = Served::start();
    let host = served.good_host();
    let mut page = b"<!DOCTYPE html><html><body>".to_vec();
    page.resize(20 * 1024 * 1024, b'x');
    page.extend_from_slice(b"</body></html>");
    std::fs::write(served.workspace.path().join("out/large.html"), &page).unwrap();
    let rss_before = served.proc_status("VmRSS");
    let (responses, peak) = peak_while(&served, || {
        let clients: Vec<_> = (0..12)
            .map(|_| {
                let mut stream = served.connect();
                let request = format!("GET /large.html HTTP/1.1\r\nHost: {host}\r\n\r\n");
                thread::spawn(move || {
                    let _ = stream.write_all(request.as_bytes());
                    let mut response = Vec::new();
                    let _ = stream.read_to_end(&mut response);
                    response
                })
            })
            .collect();
        let responses: Vec<Vec<u8>> = clients.into_iter().map(|c| c.join().unwrap()).collect();
        responses
    });
    assert!(
        peak.rss.saturating_sub(rss_before) < 64 * 1024,
        "VmRSS grew from {rss_before} kB to {} kB",
        peak.rss
    );
    for response in responses {
        let split = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(response.len());
        let head = String::from_utf8_lossy(&response[..split]);
        let body = response.get(split + 4..).unwrap_or_default();
        assert_status(&head, 200, "a 20 MB page");
        assert!(
            head.contains(&format!("\r\nContent-Length: {}", body.len())),
            "{head}"
        );
        assert!(
            body.ends_with(b"</script></body></html>"),
            "no reload script at the end"
        );
    }
}

#[test]
fn idle_and_slow_connections_are_closed_after_the_timeout() {
    let served = Served::start_with(&[("BRIEF_SERVE_IDLE_TIMEOUT_MS", "300")]);
    // Hold every worker with connections that send nothing.
    let idle: Vec<_> = (0..40).map(|_| served.connect()).collect();
    let started = Instant::now();
    for mut stream in idle {
        stream
            .set_read_timeout(Some(Duration::from_secs(3)))
            .unwrap();
        let mut byte = [0; 1];
        match stream.read(&mut byte) {
            Ok(0) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
            other => panic!("an idle connection was kept: {other:?}"),
        }
    }
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(5), "idle for {waited:?}");

    // A slowloris: a byte at a time, never the end of the head.
    let mut slow = served.connect();
    let started = Instant::now();
    let mut closed = false;
    for byte in b"GET / HTTP/1.1\r\nX-Slow: "
        .iter()
        .chain([b'a'; 200].iter())
    {
        if slow.write_all(&[*byte]).is_err() {
            closed = true;
            break;
        }
        thread::sleep(Duration::from_millis(20));
    }
    let response = read_response(&mut slow);
    assert!(
        closed || status_of(&response) == 408,
        "the slow client was kept: {response}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_status(&served.get("/", &served.good_host()), 200, "a GET after");
}

#[test]
fn reload_streams_are_bounded_and_new_ones_refused() {
    let served = Served::start();
    let host = served.good_host();
    let open = || {
        let mut stream = served.connect();
        write!(
            stream,
            "GET /__brief/events HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        (line, reader)
    };
    let mut streams = Vec::new();
    for _ in 0..32 {
        let (status, reader) = open();
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        streams.push(reader);
    }
    let (status, mut refused) = open();
    assert!(status.starts_with("HTTP/1.1 503"), "{status}");
    let rest = read_response(&mut refused);
    assert!(
        rest.contains("too many open reload streams (at most 32)"),
        "{rest}"
    );
    // A page closed: its place is free again.
    drop(streams.pop());
    let started = Instant::now();
    loop {
        let (status, reader) = open();
        if status.starts_with("HTTP/1.1 200") {
            streams.push(reader);
            break;
        }
        assert!(started.elapsed() < DEADLINE, "no stream after one closed");
        thread::sleep(Duration::from_millis(20));
    }
    assert_status(&served.get("/", &host), 200, "a page with 32 streams open");
}
