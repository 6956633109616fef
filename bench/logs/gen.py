#!/usr/bin/env python3
"""Generate a large Combined Log Format access log with planted attackers.

    python3 bench/logs/gen.py OUT.log [SIZE_GB]     (default 2.1 GB)

Writes OUT.log and OUT.log.answers.json. The log covers one day in time
order (2024-03-03, UTC). Normal traffic comes from 60,000 addresses over a
catalogue of 400 paths with 2% random 404s and rare single 401s. Planted:

- brute_force: 6 sources, each a burst of 40-2,000 `POST /login` 401s within
  a few minutes (>= 10 failures in 5 minutes);
- near_misses: sources that must NOT be flagged: 9 failures in 5 minutes,
  and 60 failures spread evenly over the day;
- scanners: 3 sources walking 600 distinct paths in about two minutes, all 404;
- noisy_404: 10 sources with 3,000-4,233 404s spread over the whole day (no
  burst), which are the top 10 sources of 404s.

The answers file holds the exact top-10 404 sources (counted while writing,
over all traffic), the brute-force set and the scanner set.
"""
import json
import random
import sys
import time

out = sys.argv[1]
size_gb = float(sys.argv[2]) if len(sys.argv) > 2 else 2.1
target = int(size_gb * (1 << 30))
rng = random.Random(20240303)

DAY0 = 1709424000  # 2024-03-03T00:00:00Z
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def clf(ts):
    t = time.gmtime(ts)
    return f"{t.tm_mday:02d}/{MONTHS[t.tm_mon - 1]}/{t.tm_year}:{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} +0000"


ips = [f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}" for _ in range(60000)]
paths = ["/"] + [f"/{a}/{b}" for a in ("api", "static", "shop", "blog", "img") for b in range(80)][:399]
uas = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "curl/8.5.0",
]

planted = []  # (ts, ip, method, path, status)
brute = {}
for i in range(6):
    ip = f"203.0.113.{10 + i}"
    start = DAY0 + 3600 * (2 + 3 * i) + 17
    n = [40, 120, 400, 900, 2000, 15][i] if i < 5 else 15
    span = 120 + 60 * i  # all inside a few minutes
    for k in range(n):
        planted.append((start + k * span // n, ip, "POST", "/login", 401))
    brute[ip] = n
near = {}
ip = "198.51.100.9"  # 9 failures in 5 minutes
for k in range(9):
    planted.append((DAY0 + 5000 + k * 30, ip, "POST", "/login", 401))
near[ip] = 9
ip = "198.51.100.10"  # 60 failures, one every 24 minutes
for k in range(60):
    planted.append((DAY0 + 100 + k * 1440, ip, "POST", "/login", 401))
near[ip] = 60
scanners = {}
for i in range(3):
    ip = f"192.0.2.{66 + i}"
    start = DAY0 + 20000 + 15000 * i
    for k in range(600):
        planted.append((start + k // 5, ip, "GET", f"/probe{i}/{k}.php", 404))
    scanners[ip] = 600
noisy = {}
for i in range(10):
    ip = f"198.18.0.{i + 1}"
    n = 3000 + 137 * i
    for k in range(n):
        planted.append((DAY0 + 5 + (k * 86000) // n, ip, "GET", f"/old/{k % 50}", 404))
    noisy[ip] = n
planted.sort()

count404 = {}
written = 0
lines = 0
pi = 0
buf = []
second = 0
est_line = 215
per_second = max(1, target // est_line // 86400)
with open(out, "w", buffering=1 << 22) as f:
    while written < target or pi < len(planted):
        ts = DAY0 + second
        tstr = clf(ts)
        while pi < len(planted) and planted[pi][0] <= ts:
            _, pip, m, p, st = planted[pi]
            pi += 1
            line = f'{pip} - - [{tstr}] "{m} {p} HTTP/1.1" {st} 153 "-" "python-requests/2.31"\n'
            buf.append(line)
            if st == 404:
                count404[pip] = count404.get(pip, 0) + 1
        if written < target and second < 86400:
            for _ in range(per_second):
                ip = ips[rng.randrange(60000)]
                r = rng.random()
                if r < 0.02:
                    st = 404
                    count404[ip] = count404.get(ip, 0) + 1
                elif r < 0.021:
                    st = 401
                elif r < 0.10:
                    st = 304
                else:
                    st = 200
                p = paths[rng.randrange(400)]
                buf.append(
                    f'{ip} - - [{tstr}] "GET {p}?id={rng.randrange(99999)} HTTP/1.1" {st} {rng.randrange(200, 90000)} "https://shop.example.com{p}" "{uas[rng.randrange(4)]}"\n'
                )
        chunk = "".join(buf)
        f.write(chunk)
        written += len(chunk)
        lines += len(buf)
        buf.clear()
        second += 1
        if second >= 86400 and pi >= len(planted):
            break

top = sorted(count404.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
answers = {
    "lines": lines,
    "bytes": written,
    "brute_force": sorted(brute),
    "near_misses": sorted(near),
    "scanners": sorted(scanners),
    "top404": [[ip, n] for ip, n in top],
}
with open(out + ".answers.json", "w") as f:
    json.dump(answers, f, indent=1)
print(f"wrote {out}: {written} bytes, {lines} lines", file=sys.stderr)
