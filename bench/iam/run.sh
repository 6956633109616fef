#!/usr/bin/env bash
# barraiser iam audit vs parliament vs cloudsplaining on the AWS managed
# policies shipped with moto (moto/iam/aws_managed_policies.py).
#
#   bash bench/iam/run.sh          # 3 runs of barraiser, 1 of each peer
#   RUNS=5 bash bench/iam/run.sh
#
# 1. Installs parliament and cloudsplaining into bench/.venv when missing.
# 2. Writes the corpus to bench/out/iam (make_corpus.py): account.json in
#    get-account-authorization-details shape, and one file per policy.
# 3. Builds the release barraiser.
# 4. Times (GNU time, wall seconds and peak RSS):
#      barraiser on account.json, and on the 1 file-per-policy directory;
#      parliament on the per-policy files (parliament_scan.py: its CLI's
#      --directory stops at the first policy it cannot analyse);
#      cloudsplaining's per-policy checks in one Python process.
# 5. Prints the ratios and compare.py's side-by-side findings table.
# barraiser exits 1 when it reports findings; that is a normal run here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${RUNS:-3}"
venv="$root/bench/.venv"
out="$root/bench/out/iam"
if [ ! -x /usr/bin/time ]; then apt-get update -qq && apt-get install -y -qq time >/dev/null; fi
# moto 5.2.5 ships the 1,582 managed policies the issue names (5.2.1, the
# version the live tests pin, ships 1,485); the corpus comes from the venv's.
if [ ! -x "$venv/bin/parliament" ] || [ ! -x "$venv/bin/cloudsplaining" ] \
   || [ "$("$venv/bin/python" -c 'import moto;print(moto.__version__)' 2>/dev/null)" != "5.2.5" ]; then
  [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check parliament cloudsplaining 'moto==5.2.5'
fi
"$venv/bin/python" "$here/make_corpus.py" "$out"
(cd "$root" && cargo build --release -q -p barraiser)
bin="$root/target/release/barraiser"
n=$(ls "$out/policies" | wc -l)

timed() { # label, command...: prints "label wall_s rss_kb"
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o /tmp/iam-time "$@" >/dev/null 2>/tmp/iam-stderr || true
  echo "$label $(cat /tmp/iam-time | tail -1)"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "corpus: $n AWS managed policies ($(du -sh "$out/account.json" | cut -f1) account.json)"
rm -f /tmp/iam-bench.txt
for i in $(seq "$runs"); do
  timed barraiser-account "$bin" iam audit "$out/account.json" -q -f json -o /tmp/iam-bs.json >> /tmp/iam-bench.txt
  timed barraiser-files bash -c "'$bin' iam audit '$out'/policies/*.json -q -f json -o /tmp/iam-bs-files.json" >> /tmp/iam-bench.txt
done
timed parliament "$venv/bin/python" "$here/parliament_scan.py" "$out/policies" /tmp/iam-parliament.jsonl >> /tmp/iam-bench.txt
timed cloudsplaining "$venv/bin/python" "$here/cloudsplaining_scan.py" "$out/account.json" /tmp/iam-cloudsplaining.json >> /tmp/iam-bench.txt

echo
printf "%-20s %10s %12s %10s\n" tool "median s" "peak RSS MB" findings
for t in barraiser-account barraiser-files parliament cloudsplaining; do
  s=$(grep "^$t " /tmp/iam-bench.txt | awk '{print $2}' | median)
  m=$(grep "^$t " /tmp/iam-bench.txt | awk '{print $3}' | sort -n | tail -1)
  case $t in
    barraiser-account) f=$(python3 -c "import json;print(len(json.load(open('/tmp/iam-bs.json'))['findings']))");;
    barraiser-files) f=$(python3 -c "import json;print(len(json.load(open('/tmp/iam-bs-files.json'))['findings']))");;
    parliament) f=$(grep -vc PARLIAMENT_CRASH /tmp/iam-parliament.jsonl || true);;
    cloudsplaining) f=$(python3 -c "import json;d=json.load(open('/tmp/iam-cloudsplaining.json'));print(sum(1 for p in d.values() for v in p.values() if v))");;
  esac
  printf "%-20s %10s %12s %10s\n" "$t" "$s" "$((m/1024))" "$f"
  eval "t_${t//-/_}=$s"
done
echo
python3 -c "
a=$t_barraiser_account; f=$t_barraiser_files; p=$t_parliament; c=$t_cloudsplaining
print(f'parliament / barraiser (account.json): {p/max(a,0.001):.0f}x')
print(f'parliament / barraiser (per-file):     {p/max(f,0.001):.0f}x')
print(f'cloudsplaining / barraiser (account.json): {c/max(a,0.001):.0f}x')
"
echo
python3 "$here/compare.py" /tmp/iam-bs.json /tmp/iam-parliament.jsonl /tmp/iam-cloudsplaining.json
