import re
import sys
from collections import defaultdict
from datetime import datetime

LINE = re.compile(
    r'^(\S+) [^\[]*\[(\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})\] "((?:[^"\\]|\\.)*)" (\d{3})(?: |$)'
)


def peak(times, window):
    times.sort()
    best, j = 0, 0
    for i in range(len(times)):
        while times[j] <= times[i] - window:
            j += 1
        best = max(best, i - j + 1)
    return best


def main():
    text = sys.stdin.read()
    head, _, body = text.partition("\n")
    if not head.strip():
        return
    window, not_found, distinct = (int(x) for x in head.split())
    nf = defaultdict(list)
    first_fail = defaultdict(dict)
    for line in body.split("\n"):
        m = LINE.match(line)
        if not m:
            continue
        ip, stamp, request, status = m.group(1), m.group(2), m.group(3), int(m.group(4))
        ts = int(datetime.strptime(stamp, "%d/%b/%Y:%H:%M:%S %z").timestamp())
        parts = request.split(" ")
        path = parts[1] if len(parts) > 1 else ""
        path = re.split(r"[?#]", path, maxsplit=1)[0]
        if status == 404:
            nf[ip].append(ts)
        if status >= 400 and path:
            seen = first_fail[ip]
            seen[path] = min(seen.get(path, ts), ts)
    for ip in sorted(set(nf) | set(first_fail)):
        signals = []
        if peak(nf[ip], window) >= not_found:
            signals.append("404-burst")
        if peak(list(first_fail[ip].values()), window) >= distinct:
            signals.append("path-burst")
        if signals:
            print(ip, ",".join(signals))


main()
