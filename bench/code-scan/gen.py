#!/usr/bin/env python3
"""Generate the code-scan benchmark corpus.

    python3 bench/code-scan/gen.py [OUT_DIR] [TOTAL_LINES]
    python3 bench/code-scan/gen.py --check [OUT_DIR] [TOTAL_LINES]

--check exits 0 when OUT_DIR holds a corpus made by this exact generator
(same templates, seed and size) and 1 otherwise; run.sh uses it to decide
whether to regenerate.

OUT_DIR defaults to bench/code-scan/corpus (gitignored); TOTAL_LINES to
510,000. The corpus is split roughly evenly by lines between Java, Python and
JavaScript/TypeScript (about 55% .js and 45% .ts), in files of 200-1,500
lines that look like web-application code: Spring and Servlet controllers,
Flask, Django and FastAPI views, Express routers, browser modules, services,
DAOs/repositories and utility classes.

About one function in 20 is a planted vulnerability (SQL built from request
input, command and code injection, XSS, path traversal, SSRF, open redirect,
insecure deserialization, MD5/SHA-1, DES/ECB, weak randomness, hard-coded
passwords, JWT without verification, insecure cookies); the rest is safe
code, including near misses (parameterised SQL, allow-listed sort columns,
basename + prefix-checked paths, escaped output, SHA-256, SecureRandom...).
Every planted function is listed with its file, line range and category in
OUT_DIR/MANIFEST.json so a run can count hits and findings outside them.

Everything is derived from one seeded PRNG: the same arguments always give
byte-identical output. The templates live in tpl_*.py beside this file.
"""

import hashlib
import json
import os
import random
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tpl_java  # noqa: E402
import tpl_js  # noqa: E402
import tpl_python  # noqa: E402
from tpl_common import APPS, ENTITIES, ORGS, camel, make_ctx, render, snake  # noqa: E402

SEED = 20261124
DEFAULT_TOTAL = 510_000
VULN_RATE = 1 / 20
MARKER = ".barraiser-bench-corpus"
PREFIXES = ["", "", "", "", "Admin", "Internal", "Public", "Partner", "Legacy", "Batch", "Mobile", "Self"]

KIND_WEIGHTS = {
    "java": [("spring", 35), ("servlet", 15), ("service", 20), ("dao", 15), ("util", 15)],
    "python": [("flask", 25), ("django", 20), ("fastapi", 15), ("service", 15), ("dao", 12), ("util", 13)],
    "js": [("express", 40), ("service", 18), ("dao", 12), ("util", 12), ("dom", 18)],
}


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for item, w in pairs:
        x -= w
        if x <= 0:
            return item
    return pairs[-1][0]


def indent(text, n):
    pad = " " * n
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))


class Picker:
    """Cycles through a shuffled template list so a file repeats little."""

    def __init__(self, rng, items):
        self.rng = rng
        self.items = list(items)
        self.queue = []

    def next(self):
        if not self.queue:
            self.queue = list(self.items)
            self.rng.shuffle(self.queue)
        return self.queue.pop()


class Lang:
    def __init__(self, key):
        self.key = key

    # per-language hooks, filled in below
    def file_ctx(self, rng, kind, ts):
        raise NotImplementedError


def function_name(rng, tpl, ctx, used, style):
    base = render(rng.choice(tpl.names), ctx)
    name = base
    i = 2
    while name in used:
        name = f"{base}_{i}" if style == "snake" else f"{base}{i}"
        i += 1
    used.add(name)
    return name


def build_file(rng, lang, kind, ts, target_lines, paths_taken):
    """Returns (relative path, text, functions, vulns)."""
    entity = rng.choice(ENTITIES)
    app = rng.choice(APPS)
    org = rng.choice(ORGS)
    prefix = rng.choice(PREFIXES)
    fctx = make_ctx(rng, entity)
    fctx["app"] = app

    if lang == "java":
        mod = tpl_java
        cls = prefix + entity + mod.CLASS_SUFFIX[kind]
        rel = f"java/{app}-service/src/main/java/com/{org}/{app}/{mod.LAYER[kind]}/{cls}.java"
        style, base_indent, sep = "camel", 4, "\n"
    elif lang == "python":
        mod = tpl_python
        stem = snake(prefix + entity) + {"flask": "_views", "django": "_views", "fastapi": "_routes",
                                          "service": "_service", "dao": "_repository", "util": "_utils"}[kind]
        cls = prefix + entity + mod.CLASS_SUFFIX.get(kind, "")
        rel = f"python/{app}/{app}/{mod.LAYER[kind]}/{stem}.py"
        style, sep = "snake", None
        base_indent = 4 if kind in tpl_python.CLASS else 0
    else:
        mod = tpl_js
        ext = "ts" if ts else "js"
        cls = prefix + entity + mod.CLASS_SUFFIX.get(kind, "")
        stem = camel(prefix + entity) + {"express": "Routes", "service": "Service", "dao": "Repository",
                                         "util": "Utils", "dom": "Page"}[kind]
        rel = f"web/{app}-{'api' if kind != 'dom' else 'web'}/src/{mod.LAYER[kind]}/{stem}.{ext}"
        style, sep = "camel", "\n"
        base_indent = 2 if kind in tpl_js.CLASS else 0

    n = 2
    while rel in paths_taken:
        root, dot, ext_ = rel.rpartition(".")
        rel = f"{root.rstrip('0123456789')}{n}.{ext_}"
        cls = cls.rstrip("0123456789") + str(n)
        n += 1
    paths_taken.add(rel)
    fctx["C"] = cls
    fctx["fn"] = "" if base_indent else "function "

    if lang == "java":
        imports = sorted(tpl_java.IMPORTS[kind])
        header = f"package com.{org}.{app}.{tpl_java.LAYER[kind]};\n\n"
        header += "".join(f"import {i};\n" for i in imports) + "\n"
        header += render(tpl_java.HEADERS[kind], fctx)
        footer = "}\n"
    elif lang == "python":
        header = render(tpl_python.HEADERS[kind], fctx)
        footer = ""
    else:
        header = render((tpl_js.HEADERS_TS if ts else tpl_js.HEADERS_JS)[kind], fctx, ts)
        footer = None  # rendered after the names are known

    safe = Picker(rng, [t for t in mod.SAFE if kind in t.kinds])
    vulns_ok = [t for t in mod.VULN if kind in t.kinds]

    parts = [header]
    lines = header.count("\n")
    used = set()
    functions = 0
    vulns = []
    module_names = []
    footer_lines = 3
    while lines + footer_lines < target_lines:
        vulnerable = vulns_ok and rng.random() < VULN_RATE
        tpl = rng.choice(vulns_ok) if vulnerable else safe.next()
        ctx = make_ctx(rng, entity if rng.random() < 0.8 else rng.choice(ENTITIES))
        ctx.update(app=app, C=cls, fn=fctx["fn"])
        for var, choices in tpl.vars.items():
            ctx[var] = rng.choice(choices)
        ctx["name"] = function_name(rng, tpl, ctx, used, style)
        body = indent(render(tpl.body, ctx, lang == "js" and ts), base_indent)
        if lang == "python":
            gap = "\n" if base_indent else "\n\n"
        else:
            gap = sep
        parts.append(gap)
        lines += gap.count("\n")
        start = lines + 1
        parts.append(body)
        lines += body.count("\n")
        functions += 1
        if tpl.cat:
            vulns.append({"file": rel, "lang": lang if lang != "js" else ("typescript" if ts else "javascript"),
                          "category": tpl.cat, "function": ctx["name"], "start": start, "end": lines})
        if not base_indent and ("function «name»" in tpl.body or "«fn»«name»" in tpl.body):
            module_names.append(ctx["name"])

    if footer is None:
        table = tpl_js.FOOTERS_TS if ts else tpl_js.FOOTERS_JS
        fctx["exports"] = ", ".join(module_names)
        footer = render(table[kind], fctx, ts)
        if kind == "util" and not ts and not module_names:
            footer = ""
    if footer:
        if not footer.startswith("}"):
            parts.append("\n")
        parts.append(footer)
    return rel, "".join(parts), functions, vulns


def fingerprint(here, total):
    h = hashlib.sha256(f"{SEED}:{total}:{VULN_RATE}".encode())
    for name in ("gen.py", "tpl_common.py", "tpl_java.py", "tpl_python.py", "tpl_js.py"):
        with open(os.path.join(here, name), "rb") as fh:
            h.update(fh.read())
    return h.hexdigest()[:16]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    args = [a for a in sys.argv[1:] if a != "--check"]
    out = os.path.abspath(args[0]) if args else os.path.join(here, "corpus")
    total = int(args[1]) if len(args) > 1 else DEFAULT_TOTAL
    if "--check" in sys.argv:
        try:
            with open(os.path.join(out, "MANIFEST.json")) as fh:
                ok = json.load(fh).get("fingerprint") == fingerprint(here, total)
        except (OSError, ValueError):
            ok = False
        sys.exit(0 if ok else 1)

    if os.path.exists(out):
        if os.path.exists(os.path.join(out, MARKER)):
            shutil.rmtree(out)
        elif os.listdir(out):
            sys.exit(f"gen.py: {out} exists, is not empty and was not made by gen.py; refusing to touch it")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, MARKER), "w") as fh:
        fh.write("generated by bench/code-scan/gen.py; deleted and rewritten on the next run\n")

    rng = random.Random(SEED)
    per_lang = total // 3 + 1
    manifest = {"seed": SEED, "total_lines_target": total, "fingerprint": fingerprint(here, total),
                "languages": {}, "vulnerabilities": []}
    paths_taken = set()
    for lang in ("java", "python", "js"):
        lines = files = functions = 0
        by_ext = {}
        while lines < per_lang:
            kind = weighted(rng, KIND_WEIGHTS[lang])
            ts = lang == "js" and rng.random() < 0.45
            remaining = per_lang - lines
            target = min(1450, max(200, int(rng.triangular(200, 1450, 520))))
            if remaining < target and remaining >= 200:
                target = remaining
            rel, text, nfun, vulns = build_file(rng, lang, kind, ts, target, paths_taken)
            path = os.path.join(out, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            n = text.count("\n")
            ext = rel.rsplit(".", 1)[1]
            e = by_ext.setdefault(ext, {"files": 0, "lines": 0})
            e["files"] += 1
            e["lines"] += n
            lines += n
            files += 1
            functions += nfun
            manifest["vulnerabilities"].extend(vulns)
        vulns_here = [v for v in manifest["vulnerabilities"] if v["file"].startswith({"java": "java/", "python": "python/", "js": "web/"}[lang])]
        manifest["languages"][lang] = {"files": files, "lines": lines, "functions": functions,
                                       "vulnerable_functions": len(vulns_here), "by_extension": by_ext}

    cats = {}
    for v in manifest["vulnerabilities"]:
        cats[v["category"]] = cats.get(v["category"], 0) + 1
    manifest["by_category"] = dict(sorted(cats.items()))
    manifest["files"] = sum(v["files"] for v in manifest["languages"].values())
    manifest["lines"] = sum(v["lines"] for v in manifest["languages"].values())
    manifest["functions"] = sum(v["functions"] for v in manifest["languages"].values())
    with open(os.path.join(out, "MANIFEST.json"), "w") as fh:
        json.dump(manifest, fh, indent=1)
        fh.write("\n")
    langs = ", ".join(f"{k} {v['lines']:,} lines in {v['files']} files" for k, v in manifest["languages"].items())
    print(f"gen.py: {manifest['files']} files, {manifest['lines']:,} lines ({langs}); "
          f"{manifest['functions']:,} functions, {len(manifest['vulnerabilities'])} planted vulnerabilities -> {out}")


if __name__ == "__main__":
    main()
