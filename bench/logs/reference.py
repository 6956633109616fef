#!/usr/bin/env python3
"""The plain Python answer to the two interview questions, as a baseline:
brute-force sources (>= THRESHOLD 401s within WINDOW seconds, sliding) and
the top 10 sources of 404s, over a Combined Log Format file.

    python3 bench/logs/reference.py access.log [THRESHOLD] [WINDOW]

Prints JSON: {"brute_force": [...], "top404": [[ip, count], ...]}.
Written the way a good candidate would: one pass, a regex per line, a
deque per source for the sliding window.
"""
import collections
import datetime
import json
import re
import sys

LINE = re.compile(r'^(\S+) \S+ \S+ \[([^\]]+)\] "[^"]*" (\d{3}) ')
path = sys.argv[1]
threshold = int(sys.argv[2]) if len(sys.argv) > 2 else 10
window = int(sys.argv[3]) if len(sys.argv) > 3 else 300

windows = collections.defaultdict(collections.deque)
brute = set()
c404 = collections.Counter()
cache = {}
with open(path, "r", encoding="utf-8", errors="replace") as f:
    for line in f:
        m = LINE.match(line)
        if not m:
            continue
        ip, ts, status = m.group(1), m.group(2), m.group(3)
        if status == "404":
            c404[ip] += 1
        elif status == "401":
            t = cache.get(ts)
            if t is None:
                t = int(datetime.datetime.strptime(ts, "%d/%b/%Y:%H:%M:%S %z").timestamp())
                cache.clear()
                cache[ts] = t
            q = windows[ip]
            q.append(t)
            while q[0] <= t - window:
                q.popleft()
            if len(q) >= threshold:
                brute.add(ip)

top = sorted(c404.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
print(json.dumps({"brute_force": sorted(brute), "top404": [[ip, n] for ip, n in top]}))
