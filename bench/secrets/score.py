#!/usr/bin/env python3
"""Score secret-scanner outputs against the generator's manifest.

    python3 bench/secrets/score.py MANIFEST TOOL=FILE [TOOL=FILE ...]

TOOL is barraiser (its --format json), detect-secrets (its scan JSON) or
rg (`rg -n --no-heading` lines). A planted secret counts as found when the
tool reports anything on its line. Also printed: findings on decoy lines
(values that look like secrets but are not) and findings on no known line
(noise: the filler holds no secrets). Prints one JSON object per tool.
"""

import json
import sys
from collections import Counter


def norm(path, root):
    path = path.replace("\\", "/")
    if root and path.startswith(root):
        path = path[len(root):]
    while path.startswith("./"):
        path = path[2:]
    return path.lstrip("/")


def lines_barraiser(fname, root):
    d = json.load(open(fname))
    out = set()
    for f in d["findings"]:
        loc = f["location"]
        out.add((norm(loc["path"], root), loc["start_line"]))
    return out


def lines_detect_secrets(fname, root):
    d = json.load(open(fname))
    out = set()
    for path, results in d.get("results", {}).items():
        for r in results:
            out.add((norm(path, root), r["line_number"]))
    return out


def lines_rg(fname, root):
    out = set()
    with open(fname, errors="replace") as f:
        for line in f:
            parts = line.split(":", 2)
            if len(parts) >= 2 and parts[1].isdigit():
                out.add((norm(parts[0], root), int(parts[1])))
    return out


READERS = {"barraiser": lines_barraiser, "detect-secrets": lines_detect_secrets, "rg": lines_rg}


def main():
    manifest = json.load(open(sys.argv[1]))
    root = sys.argv[2]
    if not root.endswith("/"):
        root += "/"
    planted = {(m["path"], m["line"]): m["kind"] for m in manifest["planted"]}
    secrets = {k: v for k, v in planted.items() if v != "decoy"}
    decoys = {k for k, v in planted.items() if v == "decoy"}
    by_kind = Counter(secrets.values())
    for arg in sys.argv[3:]:
        tool, fname = arg.split("=", 1)
        reader = READERS[tool.split("-")[0] if tool.startswith("rg") else tool]
        try:
            found = reader(fname, root)
        except (OSError, ValueError) as e:
            print(json.dumps({"tool": tool, "error": str(e)}))
            continue
        hit = Counter(v for k, v in secrets.items() if k in found)
        print(json.dumps({
            "tool": tool,
            "lines_reported": len(found),
            "planted": len(secrets),
            "found": sum(hit.values()),
            "recall": round(sum(hit.values()) / max(1, len(secrets)), 4),
            "decoys_reported": len(decoys & found),
            "decoys": len(decoys),
            "other_lines_reported": len(found - set(planted)),
            "recall_by_kind": {k: f"{hit[k]}/{n}" for k, n in sorted(by_kind.items())},
        }))


if __name__ == "__main__":
    main()
