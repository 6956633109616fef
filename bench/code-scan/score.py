#!/usr/bin/env python3
"""Score one tool's JSON output against the corpus MANIFEST.json.

    python3 score.py CORPUS TOOL OUTPUT.json [--lang python] [--by-category]

TOOL is barraiser, semgrep or bandit. Prints one JSON line:
  findings      every finding the tool reported (in the selected language)
  planted       planted vulnerable functions in the selected language
  planted_hit   planted functions with at least one finding inside them
  outside       findings that fall in no planted function (the corpus is
                written so that the rest is safe code, so these are false
                positives or low-value noise such as bandit's import warnings)

Matching is by file and line only, not by category: tools name their checks
differently. --by-category adds a per-category breakdown of planted_hit and,
for semgrep, of outside findings per rule (used to tune the local rules).
"""

import json
import os
import sys
from bisect import bisect_right

EXT_LANG = {"java": "java", "py": "python", "js": "javascript", "mjs": "javascript", "cjs": "javascript",
            "jsx": "javascript", "ts": "typescript", "tsx": "typescript"}


def find_key(obj, keys, depth=0):
    """First value under one of `keys`, searching nested dicts breadth-first."""
    if not isinstance(obj, dict) or depth > 4:
        return None
    for k in keys:
        if k in obj and not isinstance(obj[k], (dict, list)):
            return obj[k]
    for v in obj.values():
        if isinstance(v, dict):
            found = find_key(v, keys, depth + 1)
            if found is not None:
                return found
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            found = find_key(v[0], keys, depth + 1)
            if found is not None:
                return found
    return None


def findings(tool, data):
    """Yields (path, line, rule) for each finding."""
    if tool == "semgrep":
        for r in data.get("results", []):
            yield r["path"], r["start"]["line"], r["check_id"].rsplit(".", 1)[-1]
    elif tool == "bandit":
        for r in data.get("results", []):
            yield r["filename"], r["line_number"], r["test_id"]
    else:
        for f in data.get("findings", []):
            loc = f.get("location") if isinstance(f.get("location"), dict) else {}
            path = loc.get("path") or find_key(f, ("path", "file", "filename", "uri"))
            line = loc.get("start_line") or find_key(f, ("line", "start_line", "startLine", "line_number"))
            rule = find_key(f, ("rule", "rule_id", "ruleId", "check", "id")) or "?"
            yield path, line, rule


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    by_category = "--by-category" in sys.argv
    lang = None
    if "--lang" in sys.argv:
        lang = sys.argv[sys.argv.index("--lang") + 1]
        args.remove(lang)
    corpus, tool, output = args
    corpus = os.path.realpath(corpus)
    manifest = json.load(open(os.path.join(corpus, "MANIFEST.json")))
    data = json.load(open(output))

    def lang_of(rel):
        return EXT_LANG.get(rel.rsplit(".", 1)[-1])

    def selected(rel):
        if lang is None:
            return True
        if lang in ("javascript", "js"):
            return lang_of(rel) in ("javascript", "typescript")
        return lang_of(rel) == lang

    planted = [v for v in manifest["vulnerabilities"] if selected(v["file"])]
    by_file = {}
    for i, v in enumerate(planted):
        by_file.setdefault(v["file"], []).append((v["start"], v["end"], i))
    for ranges in by_file.values():
        ranges.sort()
    starts = {f: [r[0] for r in ranges] for f, ranges in by_file.items()}

    hit = set()
    total = outside = unlocated = 0
    outside_rules = {}
    for path, line, rule in findings(tool, data):
        if path is None or line is None:
            unlocated += 1
            total += 1
            continue
        path = str(path)
        if path.startswith("file://"):
            path = path[7:]
        rel = os.path.relpath(os.path.realpath(path), corpus)
        if not selected(rel):
            continue
        total += 1
        ranges = by_file.get(rel)
        idx = None
        if ranges:
            k = bisect_right(starts[rel], int(line)) - 1
            if k >= 0 and ranges[k][0] <= int(line) <= ranges[k][1]:
                idx = ranges[k][2]
        if idx is None:
            outside += 1
            outside_rules[rule] = outside_rules.get(rule, 0) + 1
        else:
            hit.add(idx)

    out = {"findings": total, "planted": len(planted), "planted_hit": len(hit), "outside": outside}
    if unlocated:
        out["unlocated"] = unlocated
    if by_category:
        cats = {}
        for i, v in enumerate(planted):
            c = cats.setdefault(f"{lang_of(v['file'])}/{v['category']}", [0, 0])
            c[0] += 1
            c[1] += i in hit
        out["hit_by_category"] = {k: f"{h}/{n}" for k, (n, h) in sorted(cats.items())}
        out["outside_by_rule"] = dict(sorted(outside_rules.items(), key=lambda kv: -kv[1]))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
