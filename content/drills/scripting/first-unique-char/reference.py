import sys
from collections import Counter


def first_unique(line):
    counts = Counter(c for c in line if c != " ")
    for c in line:
        if c != " " and counts[c] == 1:
            return c
    return "(none)"


def main():
    text = sys.stdin.read()
    if not text:
        return
    if text.endswith("\n"):
        text = text[:-1]
    for line in text.split("\n"):
        print(first_unique(line))


main()
