import sys
from collections import defaultdict


def main():
    lines = sys.stdin.read().split("\n")
    header = lines[0].split()
    if len(header) != 2:
        return
    threshold, window = int(header[0]), int(header[1])
    times = defaultdict(list)
    for line in lines[1:]:
        fields = line.split()
        if len(fields) != 2:
            continue
        try:
            ts = int(fields[1])
        except ValueError:
            continue
        times[fields[0]].append(ts)
    out = []
    for ip, ts in times.items():
        ts.sort()
        peak, j = 0, 0
        for i in range(len(ts)):
            while ts[j] <= ts[i] - window:
                j += 1
            peak = max(peak, i - j + 1)
        if peak >= threshold:
            out.append((ip, peak))
    for ip, peak in sorted(out):
        print(ip, peak)


main()
