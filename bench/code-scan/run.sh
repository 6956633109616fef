#!/usr/bin/env bash
# barraiser scan vs Semgrep (local rules) vs Bandit on a generated corpus.
#
#   bash bench/code-scan/run.sh            # 3 runs of each tool
#   RUNS=5 CORPUS=/path bash bench/code-scan/run.sh
#
# 1. Installs semgrep (<1.185) and bandit into bench/.venv when missing.
# 2. Generates the corpus with gen.py (510,000 lines of Java, Python and
#    JS/TS, ~5% planted vulnerabilities) into bench/code-scan/corpus when
#    it is missing or stale.
# 3. Builds the release barraiser binary and the parse_only example.
# 4. Runs each tool RUNS times under GNU time (`%e %M`), sampling the RSS of
#    the whole process tree as well, and prints the median wall time, the
#    peak RSS, the findings, lines per second and the ratios.
#
# barraiser exits 1 when it reports findings; that is a normal run here.
# If the binary has no `scan` command yet, its rows are skipped and the
# peers still run. Outputs: /tmp/bs.json, /tmp/bs-py.json, /tmp/sg.json,
# /tmp/bandit.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${RUNS:-${1:-3}}"
corpus="${CORPUS:-$here/corpus}"
venv="$root/bench/.venv"
jobs=2

# ---------------------------------------------------------------- tools
if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (/usr/bin/time is missing)"
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
if [ ! -x "$venv/bin/semgrep" ] || [ ! -x "$venv/bin/bandit" ]; then
  echo "installing semgrep<1.185 and bandit into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check 'semgrep<1.185' bandit
fi
semgrep="$venv/bin/semgrep"
bandit="$venv/bin/bandit"
export SEMGREP_SEND_METRICS=off SEMGREP_ENABLE_VERSION_CHECK=0

# Rule check that works offline. (`semgrep --validate` also runs Semgrep's
# rule-lint pack, which it downloads from the registry.)
core="$("$venv/bin/python" -c 'import semgrep, os; print(os.path.join(os.path.dirname(semgrep.__file__), "bin", "semgrep-core"))')"
nometa="$(mktemp --suffix=.yaml)"
echo 'rules: []' > "$nometa"
if ! "$core" -json -check_rules "$nometa" "$here/semgrep" | "$venv/bin/python" -c '
import json, sys
out = sys.stdin.read()
errors = json.loads(out[out.index("{"):])["errors"]
for e in errors:
    print("semgrep rule error:", e.get("rule_id"), e["message"], file=sys.stderr)
sys.exit(1 if errors else 0)'; then
  echo "the local semgrep rules do not parse; fix bench/code-scan/semgrep first" >&2
  exit 2
fi
rm -f "$nometa"

# --------------------------------------------------------------- corpus
# Regenerated when missing or made by another version of the templates.
# A CORPUS you point at with a MANIFEST.json of its own is used as it is.
if [ ! -f "$corpus/MANIFEST.json" ] \
  || { [ -z "${CORPUS:-}" ] && ! python3 "$here/gen.py" --check "$corpus"; }; then
  python3 "$here/gen.py" "$corpus"
fi

# ---------------------------------------------------------------- build
bin="$root/target/release/barraiser"
parse_only="$root/target/release/examples/parse_only"
(cd "$root" && cargo build -q --release -p barraiser) || echo "warning: cargo build -p barraiser failed" >&2
(cd "$root" && cargo build -q --release -p code-scan --example parse_only) \
  || echo "warning: cargo build of the parse_only example failed" >&2

have_scan=0
if [ -x "$bin" ] && "$bin" scan --help >/dev/null 2>&1; then
  have_scan=1
else
  echo "barraiser scan not available yet"
fi
have_lang=0
if [ "$have_scan" = 1 ] && "$bin" scan --help 2>&1 | grep -q -- '--lang'; then
  have_lang=1
fi

# -------------------------------------------------------------- measure
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# measure NAME OK_EXIT_CODES CMD... : one run; appends "wall maxrss_kb tree_kb"
# to $work/NAME.runs, or marks NAME failed when the exit code is not listed.
measure() {
  local name="$1" ok="$2"
  shift 2
  /usr/bin/time -f "%e %M %x" -o "$work/$name.time" "$@" >"$work/$name.stdout" 2>"$work/$name.stderr" &
  local pid=$!
  python3 "$here/treerss.py" "$pid" 0.1 >"$work/$name.tree" &
  local sampler=$!
  wait "$pid" || true
  wait "$sampler" || true
  local wall rss code
  read -r wall rss code < <(tail -n 1 "$work/$name.time")
  if [[ " $ok " != *" $code "* ]]; then
    echo "warning: $name exited $code; last lines of its stderr:" >&2
    tail -n 5 "$work/$name.stderr" >&2
    touch "$work/$name.failed"
    return 0
  fi
  echo "$wall $rss $(cat "$work/$name.tree")" >> "$work/$name.runs"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]}'; }
maxof() { sort -n | tail -n 1; }

run_tool() {
  local name="$1"
  shift
  printf 'running %-18s' "$name" >&2
  for i in $(seq "$runs"); do
    measure "$name" "$@"
    printf ' %s' "$i" >&2
  done
  printf '\n' >&2
}

out=/tmp
if [ "$have_scan" = 1 ]; then
  run_tool barraiser "0 1" "$bin" scan "$corpus" --format json -o "$out/bs.json" --jobs "$jobs" --no-progress
  if [ "$have_lang" = 1 ]; then
    run_tool barraiser-py "0 1" "$bin" scan "$corpus" --lang python --format json -o "$out/bs-py.json" \
      --jobs "$jobs" --no-progress
  fi
fi
# --no-git-ignore: the default corpus directory is gitignored, and semgrep
# would otherwise skip every file in it (barraiser and parse_only scan an
# explicitly named root even when it is ignored).
run_tool semgrep "0 1" "$semgrep" scan --metrics=off --disable-version-check --no-git-ignore \
  --config "$here/semgrep" -j "$jobs" --json -o "$out/sg.json" "$corpus"
run_tool bandit "0 1" "$bandit" -r "$corpus" -f json -o "$out/bandit.json" -q
if [ -x "$parse_only" ]; then
  run_tool parse_only "0" "$parse_only" "$corpus"
fi

# ---------------------------------------------------------------- report
lines_all=$(python3 -c "import json; print(json.load(open('$corpus/MANIFEST.json'))['lines'])")
lines_py=$(python3 -c "import json; print(json.load(open('$corpus/MANIFEST.json'))['languages']['python']['lines'])")

# stat_of NAME FIELD(1 wall, 2 rss, 3 tree) -> median wall s / max RSS MB
stat_of() {
  local f="$work/$1.runs"
  [ -s "$f" ] || { echo ""; return; }
  case "$2" in
    1) awk '{print $1}' "$f" | median ;;
    2) awk '{print $2}' "$f" | maxof | awk '{printf "%.0f", $1 / 1024}' ;;
    # the tree peak is at least the largest single process (a fast run can
    # end between two samples)
    3) awk '{print ($3 > $2 ? $3 : $2)}' "$f" | maxof | awk '{printf "%.0f", $1 / 1024}' ;;
  esac
}
count() {  # count TOOL FILE
  [ -f "$2" ] || { echo "-"; return; }
  python3 - "$1" "$2" <<'EOF'
import json, sys
tool, path = sys.argv[1], sys.argv[2]
data = json.load(open(path))
print(len(data["findings"] if tool == "barraiser" else data["results"]))
EOF
}
score() {  # score TOOL FILE [--lang L] -> "hit/planted outside"
  [ -f "$2" ] || { echo "- -"; return; }
  local tool="$1" file="$2"
  shift 2
  python3 "$here/score.py" "$corpus" "$tool" "$file" "$@" | python3 -c '
import json, sys
s = json.load(sys.stdin)
print("%s/%s %s" % (s["planted_hit"], s["planted"], s["outside"]))'
}

declare -A wall rss tree finds lines hit outside
for name in barraiser barraiser-py semgrep bandit parse_only; do
  wall[$name]=$(stat_of "$name" 1)
  rss[$name]=$(stat_of "$name" 2)
  tree[$name]=$(stat_of "$name" 3)
done
lines[barraiser]=$lines_all; lines[semgrep]=$lines_all; lines[parse_only]=$lines_all
lines[barraiser-py]=$lines_py; lines[bandit]=$lines_py
finds[barraiser]=$(count barraiser "$out/bs.json")
finds[barraiser-py]=$(count barraiser "$out/bs-py.json")
finds[semgrep]=$(count semgrep "$out/sg.json")
finds[bandit]=$(count bandit "$out/bandit.json")
finds[parse_only]="-"
[ -s "$work/barraiser.runs" ] || finds[barraiser]="-"
[ -s "$work/barraiser-py.runs" ] || finds[barraiser-py]="-"
read -r hit[barraiser] outside[barraiser] < <([ -s "$work/barraiser.runs" ] && score barraiser "$out/bs.json" || echo "- -")
read -r hit[barraiser-py] outside[barraiser-py] < <([ -s "$work/barraiser-py.runs" ] \
  && score barraiser "$out/bs-py.json" --lang python || echo "- -")
read -r hit[semgrep] outside[semgrep] < <(score semgrep "$out/sg.json")
read -r hit[bandit] outside[bandit] < <(score bandit "$out/bandit.json" --lang python)
hit[parse_only]="-"; outside[parse_only]="-"
sg_errors=$(python3 -c "import json; print(len(json.load(open('$out/sg.json'))['errors']))" 2>/dev/null || echo "?")

manifest_summary=$(python3 - "$corpus/MANIFEST.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
langs = ", ".join(f"{k} {v['lines']:,}" for k, v in m["languages"].items())
print(f"{m['files']} files, {m['lines']:,} lines ({langs}), "
      f"{len(m['vulnerabilities'])} planted vulnerable functions")
EOF
)

printf '\ncode-scan benchmark: %s\n' "$manifest_summary"
printf 'median wall time of %s runs, max peak RSS; %s jobs; %s cores\n\n' "$runs" "$jobs" "$(nproc)"
printf '%-26s %9s %9s %9s %9s %11s %12s %9s\n' tool "wall s" "RSS MB" "tree MB" findings "lines/s" "planted hit" outside
row() {
  local name="$1" label="$2"
  if [ -z "${wall[$name]}" ]; then
    printf '%-26s %9s\n' "$label" "not run"
    return
  fi
  local lps
  lps=$(awk "BEGIN{printf \"%.0f\", ${lines[$name]} / ${wall[$name]}}")
  printf '%-26s %9.2f %9s %9s %9s %11s %12s %9s\n' "$label" "${wall[$name]}" "${rss[$name]}" "${tree[$name]}" \
    "${finds[$name]}" "$lps" "${hit[$name]}" "${outside[$name]}"
}
row barraiser "barraiser scan"
row barraiser-py "barraiser scan --lang py"
row semgrep "semgrep $("$semgrep" --version 2>/dev/null)"
row bandit "bandit $("$bandit" --version 2>/dev/null | head -n 1 | awk '{print $2}') (python)"
row parse_only "parse_only (tree-sitter)"
printf '\nRSS MB: GNU time %%M, the largest single process. tree MB: sum over the process tree,\n'
printf 'sampled every 0.1 s. semgrep errors in its JSON: %s\n\n' "$sg_errors"

ratio() { awk "BEGIN{ if ($2 > 0) printf \"%.1fx\", $1 / $2; else print \"-\" }"; }
if [ -n "${wall[barraiser]}" ] && [ -n "${wall[semgrep]}" ]; then
  printf 'semgrep / barraiser:            wall %s, RSS %s, tree %s\n' \
    "$(ratio "${wall[semgrep]}" "${wall[barraiser]}")" "$(ratio "${rss[semgrep]}" "${rss[barraiser]}")" \
    "$(ratio "${tree[semgrep]}" "${tree[barraiser]}")"
else
  echo "semgrep / barraiser: n/a (barraiser scan not available yet)"
fi
if [ -n "${wall[barraiser-py]}" ] && [ -n "${wall[bandit]}" ]; then
  printf 'bandit / barraiser (python):    wall %s, RSS %s, tree %s\n' \
    "$(ratio "${wall[bandit]}" "${wall[barraiser-py]}")" "$(ratio "${rss[bandit]}" "${rss[barraiser-py]}")" \
    "$(ratio "${tree[bandit]}" "${tree[barraiser-py]}")"
else
  echo "bandit / barraiser (python): n/a (barraiser scan --lang python not available yet)"
fi
if [ -n "${wall[barraiser]}" ] && [ -n "${wall[parse_only]}" ]; then
  printf 'barraiser lines/s as %% of parse-only lines/s: %s\n' \
    "$(awk "BEGIN{printf \"%.0f%%\", 100 * ${wall[parse_only]} / ${wall[barraiser]}}")"
else
  echo "barraiser lines/s as % of parse-only: n/a"
fi
