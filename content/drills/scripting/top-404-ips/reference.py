import re
import sys
from collections import Counter

LINE = re.compile(
    r'^(\S+) [^\[]*\[\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "(?:[^"\\]|\\.)*" (\d{3})(?: |$)'
)


def main():
    counts = Counter()
    for line in sys.stdin.read().split("\n"):
        m = LINE.match(line)
        if m and m.group(2) == "404":
            counts[m.group(1)] += 1
    for ip, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]:
        print(ip, n)


main()
