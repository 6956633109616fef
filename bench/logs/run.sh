#!/usr/bin/env bash
# barraiser logs vs rg -c, goaccess and a plain Python reference on a
# generated 2 GB Combined Log Format file with planted attackers.
#
#   bash bench/logs/run.sh              # RUNS=1 by default (each run reads 2 GB)
#   RUNS=3 SIZE_GB=2.1 LOG=/tmp/access.log bash bench/logs/run.sh
#   GOACCESS_S=758.54 RUNS=3 bash bench/logs/run.sh   # reuse goaccess's time
#
# 1. Installs ripgrep and goaccess with apt-get when missing.
# 2. Generates the log with gen.py (one day, 60,000 sources, planted brute
#    force, near misses, scanners and top-404 sources) when missing; the
#    answers are in LOG.answers.json.
# 3. Builds the release binary.
# 4. Warms the page cache, then times each tool (median of RUNS, GNU time
#    for peak RSS) and checks that barraiser and the reference find exactly
#    the planted answers. Prints the ratios.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${RUNS:-1}"
log="${LOG:-$root/bench/out/access.log}"
size="${SIZE_GB:-2.1}"

need=()
command -v rg >/dev/null || need+=(ripgrep)
command -v goaccess >/dev/null || need+=(goaccess)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi
mkdir -p "$(dirname "$log")"
if [ ! -s "$log" ] || [ ! -s "$log.answers.json" ]; then
  echo "generating $log ($size GB)"
  python3 "$here/gen.py" "$log" "$size"
fi
(cd "$root" && cargo build --release -q -p barraiser)
bin="$root/target/release/barraiser"
cat "$log" > /dev/null   # page cache

# median wall seconds and max RSS (KB) of RUNS runs of "$@"
measure() {
  local times=() rss=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o /tmp/bench-logs.time "$@" > /tmp/bench-logs.out 2>/dev/null || true
    read -r t m < <(tail -n 1 /tmp/bench-logs.time)   # GNU time may print "Command exited ..." first
    times+=("$t"); [ "$m" -gt "$rss" ] && rss=$m
  done
  printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")" "$rss"
}

bytes=$(stat -c %s "$log")
echo "log: $log, $bytes bytes, $(nproc) cores"
read -r t_rg m_rg < <(measure rg -c '" 404 ' "$log")
read -r t_top m_top < <(measure "$bin" logs top --status 404 -n 10 "$log" --format json)
cp /tmp/bench-logs.out /tmp/bench-logs-top.json
read -r t_bf m_bf < <(measure "$bin" logs brute-force "$log" --format json)
cp /tmp/bench-logs.out /tmp/bench-logs-bf.json
read -r t_det m_det < <(measure "$bin" logs detect "$log" --format json)
cp /tmp/bench-logs.out /tmp/bench-logs-detect.json
if [ -n "${GOACCESS_S:-}" ]; then
  # goaccess takes about 12 minutes on this file: GOACCESS_S=758.54 reuses
  # an earlier measurement (wall seconds; RSS shown as 0)
  t_ga=$GOACCESS_S; m_ga=0
else
  read -r t_ga m_ga < <(measure goaccess "$log" --log-format=COMBINED -o /tmp/bench-logs-goaccess.json --no-progress)
fi
read -r t_py m_py < <(measure python3 "$here/reference.py" "$log")
cp /tmp/bench-logs.out /tmp/bench-logs-py.json

python3 - "$log.answers.json" "$bytes" <<PY
import json, sys
ans = json.load(open(sys.argv[1])); size = int(sys.argv[2])
top = json.load(open("/tmp/bench-logs-top.json"))
bf = json.load(open("/tmp/bench-logs-bf.json"))
det = json.load(open("/tmp/bench-logs-detect.json"))
py = json.load(open("/tmp/bench-logs-py.json"))
want_top = [[ip, n] for ip, n in ans["top404"]]
got_top = [[r["key"], r["count"]] for r in top["rows"]]
got_bf = sorted(h["source"] for h in bf["summary"]["brute_force"])
got_scan = sorted(h["source"] for h in det["summary"]["scans"])
checks = {
    "barraiser top-404 == planted": got_top == want_top,
    "barraiser brute-force == planted (no near misses)": got_bf == ans["brute_force"],
    "barraiser scan == planted scanners": got_scan == ans["scanners"],
    "python reference top-404 == planted": py["top404"] == want_top,
    "python reference brute-force == planted": py["brute_force"] == ans["brute_force"],
}
for k, v in checks.items():
    print(f"  {'ok ' if v else 'BAD'} {k}")
rows = [
    ("rg -c '\" 404 '", $t_rg, $m_rg),
    ("barraiser logs top --status 404 -n 10", $t_top, $m_top),
    ("barraiser logs brute-force", $t_bf, $m_bf),
    ("barraiser logs detect (all)", $t_det, $m_det),
    ("goaccess (COMBINED, JSON report)" + (" [earlier run]" if "${GOACCESS_S:-}" else ""), $t_ga, $m_ga),
    ("python reference (brute-force + top-404)", $t_py, $m_py),
]
print(f"\n{'tool':44} {'wall s':>8} {'MB/s':>8} {'RSS MB':>8}")
for name, t, m in rows:
    print(f"{name:44} {t:8.2f} {size / 1e6 / max(t, 1e-3):8.0f} {m / 1024:8.0f}")
print()
print(f"python reference / barraiser top:          {$t_py / $t_top:6.1f}x  (target >= 30x)")
print(f"python reference / barraiser brute-force:  {$t_py / $t_bf:6.1f}x")
print(f"python reference / barraiser detect (all): {$t_py / $t_det:6.1f}x")
print(f"goaccess / barraiser top:                  {$t_ga / $t_top:6.1f}x")
print(f"barraiser top / rg -c:                     {$t_top / $t_rg:6.2f}x  (target <= 3x)")
print(f"barraiser brute-force / rg -c:             {$t_bf / $t_rg:6.2f}x")
print(f"barraiser detect (all) / rg -c:            {$t_det / $t_rg:6.2f}x")
print(f"python reference / rg -c (the ceiling for 'x times faster than python' at rg's speed): {$t_py / $t_rg:6.1f}x")
sys.exit(0 if all(checks.values()) else 1)
PY
