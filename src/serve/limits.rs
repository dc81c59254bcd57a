//! What one `brief serve` may spend on its clients: threads, queued
//! connections, open event streams, bytes of a request head, and time.
//! Every request is served within these bounds, whoever sends it.

use std::time::Duration;

/// Threads answering requests; each handles one connection at a time.
pub(crate) const WORKERS: usize = 32;
/// Accepted connections waiting for a worker; past this, new ones get 503.
pub(crate) const QUEUED: usize = 64;
/// Open reload streams; past this, new ones get 503 (open pages keep theirs).
pub(crate) const STREAMS: usize = 32;
/// Request line and headers together; past this, 431.
pub(crate) const HEAD_BYTES: usize = 16 * 1024;
/// How long a client has to send a whole request head: a few slow clients
/// (or browsers' idle preconnected sockets) hold a worker at most this long.
pub(crate) const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one write may wait on a client that does not read.
pub(crate) const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long writing one event to a reload stream may wait: a stalled page
/// must not delay the others' reload.
pub(crate) const STREAM_WRITE_TIMEOUT: Duration = Duration::from_secs(2);

/// For tests only: overrides `IDLE_TIMEOUT`, in milliseconds, so a test
/// need not wait ten seconds to see an idle connection closed.
pub(crate) const IDLE_TIMEOUT_ENV: &str = "BRIEF_SERVE_IDLE_TIMEOUT_MS";

/// `IDLE_TIMEOUT`, or the test override when it is a positive number.
pub(crate) fn idle_timeout() -> Duration {
    std::env::var(IDLE_TIMEOUT_ENV)
        .ok()
        .and_then(|ms| ms.parse::<u64>().ok())
        .filter(|&ms| ms > 0)
        .map_or(IDLE_TIMEOUT, Duration::from_millis)
}
