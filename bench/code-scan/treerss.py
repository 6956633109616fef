#!/usr/bin/env python3
"""Peak resident memory of a whole process tree, sampled from /proc.

    python3 treerss.py PID [INTERVAL_SECONDS]

Polls every INTERVAL seconds (default 0.2) until PID is gone and prints the
largest sum of RSS over PID and all its descendants, in KiB. GNU time's %M
reports the largest single process, which undercounts tools that run
several processes at once (semgrep runs a Python driver and semgrep-core
side by side); this is the complement. Short peaks between two samples can
be missed, so it is a lower bound on the true tree peak.
"""

import os
import sys
import time


def children_of(pid):
    """Direct children from /proc/PID/task/*/children (Linux >= 3.5)."""
    out = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return out


def rss_of(pid, page):
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * page
    except (OSError, IndexError, ValueError):
        return 0


def main():
    root = int(sys.argv[1])
    interval = float(sys.argv[2]) if len(sys.argv) > 2 else 0.2
    page = os.sysconf("SC_PAGE_SIZE")
    peak = 0
    while os.path.exists(f"/proc/{root}"):
        total, stack = 0, [root]
        while stack:
            pid = stack.pop()
            total += rss_of(pid, page)
            stack.extend(children_of(pid))
        peak = max(peak, total)
        time.sleep(interval)
    print(peak // 1024)


if __name__ == "__main__":
    main()
