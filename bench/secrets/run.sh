#!/usr/bin/env bash
# barraiser secrets vs detect-secrets vs ripgrep (same patterns) on a
# generated tree with planted secrets whose answers are known.
#
#   bash bench/secrets/run.sh                 # 3,000 files, ~120 MB
#   FILES=6000 MB=250 RUNS=5 bash bench/secrets/run.sh
#   CORPUS=/path bash bench/secrets/run.sh    # an existing tree (needs /path.manifest.json)
#
# 1. Installs detect-secrets into bench/.venv and ripgrep (apt) if missing.
# 2. Generates the tree with gen.py into bench/out/secrets-corpus (gitignored)
#    unless it exists for the same FILES/MB.
# 3. Builds the release binary.
# 4. Reads the tree once (page cache), then times each tool under GNU time:
#    barraiser and rg RUNS times (median), detect-secrets once (it takes
#    minutes). Prints wall time, peak RSS, MB/s, ratios, and recall of the
#    planted secrets, decoys reported and other lines reported (score.py).
#
# barraiser exits 1 when it finds secrets; that is a normal run here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
files="${FILES:-3000}"
mb="${MB:-120}"
runs="${RUNS:-3}"
corpus="${CORPUS:-$root/bench/out/secrets-corpus}"
manifest="${corpus%/}.manifest.json"
venv="$root/bench/.venv"
out="${OUT:-/tmp/barraiser-secrets-bench}"
mkdir -p "$out"

# ---------------------------------------------------------------- tools
if [ ! -x /usr/bin/time ]; then
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
if ! command -v rg >/dev/null; then
  apt-get update -qq && apt-get install -y -qq ripgrep >/dev/null
fi
if [ ! -x "$venv/bin/detect-secrets" ]; then
  [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check detect-secrets
fi
ds="$venv/bin/detect-secrets"

# --------------------------------------------------------------- corpus
if [ -z "${CORPUS:-}" ]; then
  stamp="${corpus%/}.args"
  want="files=$files mb=$mb gen=$(sha1sum "$here/gen.py" | cut -c1-12)"
  if [ ! -f "$manifest" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    python3 "$here/gen.py" "$corpus" --files "$files" --mb "$mb"
    echo "$want" > "$stamp"
  fi
fi
[ -f "$manifest" ] || { echo "no manifest at $manifest" >&2; exit 2; }

# ---------------------------------------------------------------- build
(cd "$root" && cargo build -q --release -p barraiser)
bin="$root/target/release/barraiser"

# Warm the page cache so every tool reads from memory.
find "$corpus" -type f -print0 | xargs -0 cat > /dev/null

# The patterns ripgrep runs: the same detectors as regular expressions
# (no entropy, no decoding, no placeholder filtering: that is the point).
rg_patterns=(
  -e '(AKIA|ASIA)[A-Z2-7]{16}'
  -e '(?i)aws.{0,30}[A-Za-z0-9/+]{40}'
  -e '-----BEGIN [A-Z ]*PRIVATE KEY'
  -e 'gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82}'
  -e 'xox[baprs]-[0-9]{6,}-[0-9A-Za-z-]+'
  -e 'hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+'
  -e '[sr]k_(live|test)_[0-9A-Za-z]{20,}'
  -e 'eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*'
  -e '[A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]+:[^@/\s]+@'
  -e '(?i)(password|passwd|pwd|secret|api_?key|token|access_?key|private_?key|credential)[A-Za-z0-9_]*["'"'"']?\s*[:=]\s*["'"'"']?[^\s"'"'"']{4,}'
)

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# run NAME CMD...: time CMD RUNS times; leaves "$out/NAME.time" with
# "median_seconds max_rss_kb".
run() {
  local name="$1" n="$2"; shift 2
  : > "$out/$name.runs"
  for _ in $(seq "$n"); do
    /usr/bin/time -f "%e %M" -o "$out/$name.t" "$@" || true
    # GNU time prefixes "Command exited with non-zero status 1" (barraiser
    # exits 1 when it finds secrets); keep the figures only.
    grep -E '^[0-9.]+ [0-9]+$' "$out/$name.t" >> "$out/$name.runs"
  done
  local secs rss
  secs="$(awk '{print $1}' "$out/$name.runs" | median)"
  rss="$(awk '{print $2}' "$out/$name.runs" | sort -n | tail -1)"
  echo "$secs $rss" > "$out/$name.time"
}

bytes="$(du -sb "$corpus" | cut -f1)"
nfiles="$(find "$corpus" -type f | wc -l)"
echo "corpus: $corpus ($nfiles files, $((bytes / 1048576)) MB)"
echo "cores: $(nproc); runs: barraiser and rg x$runs (median), detect-secrets x1"

# Also CPU seconds (user+sys) of one barraiser run: with other work on the
# machine, wall time varies more than CPU time.
/usr/bin/time -f "%U %S" -o "$out/barraiser.cpu" "$bin" secrets "$corpus" --no-progress -q --format json -o "$out/barraiser.json" || true
run barraiser "$runs" sh -c "'$bin' secrets '$corpus' --no-progress -q --format json -o '$out/barraiser.json'"
run barraiser-1thread "$runs" sh -c "'$bin' secrets '$corpus' -j 1 --no-progress -q --format json -o '$out/barraiser-1.json'"
run rg "$runs" sh -c "$(printf '%q ' rg -n --no-heading -H --hidden "${rg_patterns[@]}" "$corpus") > '$out/rg.txt'"
if [ "${SKIP_DETECT_SECRETS:-0}" != 1 ]; then
  run detect-secrets 1 sh -c "cd '$corpus' && '$ds' scan --all-files . > '$out/detect-secrets.json'"
fi

# --------------------------------------------------------------- report
score="$here/score.py"
args=(barraiser="$out/barraiser.json" rg="$out/rg.txt")
[ -f "$out/detect-secrets.json" ] && [ "${SKIP_DETECT_SECRETS:-0}" != 1 ] && args+=(detect-secrets="$out/detect-secrets.json")
python3 "$score" "$manifest" "$corpus" "${args[@]}" > "$out/score.jsonl"

python3 - "$out" "$bytes" <<'EOF'
import json, sys
out, size = sys.argv[1], int(sys.argv[2])
scores = {}
for line in open(f"{out}/score.jsonl"):
    d = json.loads(line)
    scores[d["tool"]] = d
def t(name):
    try:
        s, rss = open(f"{out}/{name}.time").read().split()
        return float(s), int(rss)
    except OSError:
        return None
rows = [("barraiser", "barraiser", "barraiser"), ("barraiser -j 1", "barraiser-1thread", None),
        ("ripgrep, same patterns", "rg", "rg"), ("detect-secrets 1.5.0", "detect-secrets", "detect-secrets")]
base = t("barraiser")
print()
print(f"| tool | seconds | MB/s | peak RSS MB | x barraiser time | recall | decoys reported | other lines reported |")
print(f"|---|---:|---:|---:|---:|---:|---:|---:|")
for label, tname, sname in rows:
    tm = t(tname)
    if not tm:
        continue
    secs, rss = tm
    sc = scores.get(sname) if sname else None
    rec = f"{sc['found']}/{sc['planted']} ({sc['recall']*100:.1f}%)" if sc else "-"
    dec = f"{sc['decoys_reported']}/{sc['decoys']}" if sc else "-"
    oth = f"{sc['other_lines_reported']}" if sc else "-"
    ratio = f"{secs / base[0]:.1f}x" if base and base[0] > 0 else "-"
    print(f"| {label} | {secs:.2f} | {size / 1048576 / max(secs, 1e-9):.0f} | {rss / 1024:.0f} | {ratio} | {rec} | {dec} | {oth} |")
print()
for name in ("barraiser", "rg", "detect-secrets"):
    if name in scores:
        print(f"recall by kind, {name}: {scores[name]['recall_by_kind']}")
if base and t("detect-secrets"):
    print(f"\ndetect-secrets / barraiser: {t('detect-secrets')[0] / base[0]:.0f}x (target: at least 20x)")
try:
    u, sy = [l for l in open(f"{out}/barraiser.cpu") if l[0].isdigit()][0].split()
    print(f"barraiser CPU time (user+sys, all threads): {float(u) + float(sy):.2f} s")
except (OSError, IndexError, ValueError):
    pass
if base and t("rg"):
    print(f"rg / barraiser: {t('rg')[0] / base[0]:.2f}x")
EOF
