//! One connection, start to end: its head read within the limits, one
//! answer, then closed (or kept as a reload stream). One request per
//! connection: a worker is never held between requests, and pipelined
//! requests after the first are not answered.

use std::io::Read;
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use super::http::{self, Answer, Site};
use super::limits;
use super::request::{self, HeadError};
use super::response::Response;

/// How long, and how much, a closing connection is read and discarded, so
/// that what the client sent after its head (a pipelined request, the rest
/// of an oversized header) does not make the kernel reset the connection
/// before the client has read the response.
const LINGER: Duration = Duration::from_millis(250);
const LINGER_BYTES: usize = 64 * 1024;

/// Serves the connection: a worker's whole job.
pub(super) fn serve(site: &Site, mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(limits::WRITE_TIMEOUT));
    let deadline = Instant::now() + limits::idle_timeout();
    let (response, head_only) = match request::read(&mut stream, deadline) {
        Ok(request) => match http::answer(site, &request) {
            Answer::Respond {
                response,
                head_only,
            } => (response, head_only),
            Answer::Events => return open_events(site, stream),
        },
        Err(HeadError::Idle | HeadError::Io) => return,
        Err(HeadError::TimedOut) => (Response::text(408, "request timeout\n"), false),
        Err(HeadError::TooLarge) => (
            Response::text(
                431,
                &format!(
                    "request header fields too large: at most {} KiB of request line and headers\n",
                    limits::HEAD_BYTES / 1024
                ),
            ),
            false,
        ),
        Err(HeadError::Malformed) => (Response::text(400, "bad request\n"), false),
    };
    // A client going away mid-response is its business.
    let _ = response.write_to(&mut stream, head_only);
    close(stream);
}

/// Refuses a connection when every worker is busy and the queue is full.
pub(super) fn refuse_busy(mut stream: TcpStream) {
    // Written by the accepting thread: it must not wait on this client.
    let _ = stream.set_write_timeout(Some(Duration::from_millis(100)));
    let _ = Response::text(503, "busy: too many connections; try again\n")
        .with("Retry-After", "1")
        .write_to(&mut stream, false);
    let _ = stream.shutdown(Shutdown::Both);
}

fn open_events(site: &Site, stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(limits::STREAM_WRITE_TIMEOUT));
    let generation = site.page_state().generation;
    if let Err(mut stream) = site.clients.open(stream, generation) {
        let message = format!(
            "too many open reload streams (at most {}); close some pages\n",
            limits::STREAMS
        );
        let _ = Response::text(503, &message).write_to(&mut stream, false);
        close(stream);
    }
}

/// Ends the response, then reads what the client still sends for a
/// moment, within `LINGER` and `LINGER_BYTES`.
fn close(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let until = Instant::now() + LINGER;
    let mut sink = [0; 4096];
    let mut drained = 0;
    while drained < LINGER_BYTES {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(read) => drained += read,
        }
    }
}
