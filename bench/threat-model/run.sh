#!/usr/bin/env bash
# Threat-model engine vs pytm on the same generated 10,000-element model.
#
#   bash bench/threat-model/run.sh [N]
#
# Installs pytm 1.4.0 into bench/threat-model/.venv when missing, builds the
# release binary, generates the model pair with gen.py, then runs each
# engine 5 times and prints the median wall time, the number of threats each
# reports, and the ratio pytm / barraiser.
#
# What is compared: pytm's own work is building the model objects and
# `resolve()` (threat evaluation), measured inside the interpreter; the
# like-for-like barraiser run is the whole CLI process doing parse + STRIDE
# analysis + ranking with the small `script` output. The full JSON report
# (every threat with its mitigations, impact and evidence: >100 MB at this
# size) is timed separately because pytm writes no report in its run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
n="${1:-10000}"
runs=5

if [ ! -x "$here/.venv/bin/python" ]; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install -q pytm==1.4.0
fi
py="$here/.venv/bin/python"

(cd "$root" && cargo build -q --release -p barraiser)
bin="$root/target/release/barraiser"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$here/gen.py" "$work" "$n"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

: > "$work/b.times"; : > "$work/j.times"; : > "$work/p.times"; : > "$work/p.inner"
for _ in $(seq "$runs"); do
  s=$(date +%s.%N)
  "$bin" threat-model analyze "$work/model.yaml" --format script -o "$work/out.txt" --quiet
  e=$(date +%s.%N)
  awk "BEGIN{print $e - $s}" >> "$work/b.times"

  s=$(date +%s.%N)
  "$bin" threat-model analyze "$work/model.yaml" --format json -o "$work/out.json" --quiet
  e=$(date +%s.%N)
  awk "BEGIN{print $e - $s}" >> "$work/j.times"

  s=$(date +%s.%N)
  "$py" "$work/model_pytm.py" > "$work/pytm.out"
  e=$(date +%s.%N)
  awk "BEGIN{print $e - $s}" >> "$work/p.times"
  sed -E 's/.*build=([0-9.]+)s resolve=([0-9.]+)s.*/\1 \2/' "$work/pytm.out" | awk '{print $1 + $2}' >> "$work/p.inner"
done

b=$(median < "$work/b.times")
j=$(median < "$work/j.times")
p=$(median < "$work/p.times")
pi=$(median < "$work/p.inner")
bt=$(python3 -c "import json; print(len(json.load(open('$work/out.json'))['threats']))")
pt=$(sed -E 's/.*findings=([0-9]+).*/\1/' "$work/pytm.out")

printf '\nthreat-model benchmark: %s elements, median of %s runs\n' "$n" "$runs"
printf '%-34s %10s %10s\n' "engine" "seconds" "threats"
printf '%-34s %10.3f %10s\n' "barraiser (parse + analyse + rank)" "$b" "$bt"
printf '%-34s %10.3f %10s\n' "barraiser (same + full JSON report)" "$j" "$bt"
printf '%-34s %10.3f %10s\n' "pytm 1.4.0 (build + resolve)" "$pi" "$pt"
printf '%-34s %10.3f %10s\n' "pytm 1.4.0 (whole process)" "$p" "$pt"
printf 'ratio pytm/barraiser: %.1fx (in-process), %.1fx (whole process)\n' \
  "$(awk "BEGIN{print $pi / $b}")" "$(awk "BEGIN{print $p / $b}")"
