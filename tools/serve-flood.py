#!/usr/bin/env python3
"""Floods `brief serve` and reports its threads and memory (Linux only).

    python3 tools/serve-flood.py [BINARY]     # default: target/release/brief

Starts BINARY serve on a free port over a copy of the sample workspace
(brief.yaml, briefs/), then: 2,000 pipelined GETs on one connection and
200 parallel connections of 10 pipelined GETs each; a 10 MB header line;
one plain GET; 12 parallel GETs of a 20 MB page put in out/. Prints
Threads, VmRSS and VmHWM from /proc/PID/status before and after each, the
peak thread count (sampled every 5 ms), the highest VmRSS during the
20 MB GETs and the first line of every answer. See BENCHMARKS.md,
"serve under load".
"""

import collections
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/brief")

workspace = tempfile.mkdtemp(prefix="brief-flood-")
shutil.copy(os.path.join(ROOT, "brief.yaml"), workspace)
shutil.copytree(os.path.join(ROOT, "briefs"), os.path.join(workspace, "briefs"))
server = subprocess.Popen(
    [binary, "serve", "--quiet", "--port", "0", "--root", workspace],
    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
port = int(server.stdout.readline().strip().rstrip("/").rsplit(":", 1)[1])


def proc(field):
    with open(f"/proc/{server.pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])


def report(when):
    print(f"{when}: {proc('Threads')} threads, VmRSS {proc('VmRSS') / 1024:.1f} MB, "
          f"VmHWM {proc('VmHWM') / 1024:.1f} MB")


def answer(payload):
    """Sends payload (from a thread: the server may stop reading); the
    first line of the answer."""
    conn = socket.create_connection(("127.0.0.1", port))
    conn.settimeout(30)

    def send():
        try:
            conn.sendall(payload)
        except OSError:
            pass  # the server closed: seen on the read side

    threading.Thread(target=send, daemon=True).start()
    try:
        return conn.recv(100).split(b"\r\n")[0].decode() or "closed"
    except OSError as error:
        return type(error).__name__
    finally:
        conn.close()


peak, done = [0], [False]


def watch():
    while not done[0]:
        peak[0] = max(peak[0], proc("Threads"))
        time.sleep(0.005)


get = f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
try:
    report("before")
    threading.Thread(target=watch, daemon=True).start()
    started = time.time()
    answers = collections.Counter()
    clients = [threading.Thread(target=lambda: answers.update([answer(get * 10)]))
               for _ in range(200)]
    answers.update(["pipelined: " + answer(get * 2000)])
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    print(f"flood answered in {time.time() - started:.2f}s: {dict(answers)}")
    report("after the flood")
    print("10 MB header line:", answer(b"GET / HTTP/1.1\r\nX: " + b"a" * (10 << 20) + b"\r\n\r\n"))
    report("after the header")
    print("then GET /:", answer(get))
    print("peak threads:", peak[0])
    with open(os.path.join(workspace, "out", "large.html"), "wb") as large:
        large.write(b"<html><body>" + b"x" * (20 << 20) + b"</body></html>")
    rss, sizes = [proc("VmRSS")], []

    def fetch():
        conn = socket.create_connection(("127.0.0.1", port))
        conn.sendall(f"GET /large.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        received, length, chunked = b"", None, False
        # To the end of the body, not of the connection: a keep-alive
        # server (tiny_http, before) would not close.
        while True:
            chunk = conn.recv(1 << 20)
            if not chunk:
                break
            received += chunk
            rss.append(proc("VmRSS"))
            head, blank, _ = received.partition(b"\r\n\r\n")
            if length is None and not chunked and blank:
                fields = dict(line.lower().split(b": ", 1) for line in head.split(b"\r\n")[1:])
                chunked = fields.get(b"transfer-encoding") == b"chunked"
                length = len(head) + 4 + int(fields.get(b"content-length", b"0"))
            if (chunked and received.endswith(b"\r\n0\r\n\r\n")) or (
                    not chunked and length is not None and len(received) >= length):
                break
        conn.close()
        sizes.append(len(received))

    fetches = [threading.Thread(target=fetch) for _ in range(12)]
    for f in fetches:
        f.start()
    for f in fetches:
        f.join()
    print(f"12 GETs of a 20 MB page ({min(sizes)}-{max(sizes)} bytes received each): "
          f"VmRSS {rss[0] / 1024:.1f} MB before, {max(rss) / 1024:.1f} MB at most")
    done[0] = True
finally:
    server.kill()
    server.wait()
    shutil.rmtree(workspace)
