#!/usr/bin/env python3
"""Peak resident memory of a command, split into file-backed pages (the
binary's code, read-only data and shared libraries) and anonymous pages
(heap, stacks). /usr/bin/time reports only their sum.

Polls /proc/<pid>/status every millisecond until the command exits and
prints the largest RssAnon and RssFile seen and the kernel's VmHWM (peak
RSS), read just before the process is reaped.

Usage: python3 tools/rss-split.py [--runs N] -- COMMAND [ARGS...]
"""

import os
import sys
import time


def status(pid):
    fields = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmHWM", "RssAnon", "RssFile", "RssShmem"):
                    fields[key] = int(value.split()[0])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return fields


def measure(argv):
    # posix_spawn returns once the child has exec'd (glibc uses vfork), so
    # no reading below sees a copy of this Python process.
    quiet = [
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
    ]
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=quiet)
    peak = {"RssAnon": 0, "RssFile": 0, "VmHWM": 0}
    while True:
        # Read before reaping: once waitpid returns, /proc/<pid> is gone.
        # VmHWM only grows, so the last read misses at most the final ms.
        fields = status(pid)
        for key in peak:
            peak[key] = max(peak[key], fields.get(key, 0))
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.001)
    return peak


def main():
    args = sys.argv[1:]
    runs = 3
    if args[:1] == ["--runs"]:
        runs = int(args[1])
        args = args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    results = [measure(args) for _ in range(runs)]
    for key in ("VmHWM", "RssAnon", "RssFile"):
        values = sorted(r[key] for r in results)
        median = values[len(values) // 2] / 1024
        print(f"{key:8} {median:7.1f} MB (median of {runs}; "
              f"{values[0] / 1024:.1f}–{values[-1] / 1024:.1f})")


if __name__ == "__main__":
    main()
