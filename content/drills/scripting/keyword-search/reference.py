import os
import sys


def main():
    keywords = [k.strip().lower() for k in sys.stdin.read().split("\n")]
    keywords = [k for k in keywords if k]
    paths = []
    for root, _dirs, files in os.walk("data"):
        for name in files:
            paths.append(os.path.join(root, name))
    out = []
    for path in sorted(paths):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for i, line in enumerate(text.split("\n"), start=1):
            low = line.lower()
            if any(k in low for k in keywords):
                out.append(f"{path}:{i}")
    for line in out:
        print(line)


main()
