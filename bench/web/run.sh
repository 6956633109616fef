#!/usr/bin/env bash
# The web app against a year of history: start-up time, then wrk on every
# page. Prints a table; figures go into bench/README.md by hand.
#
#   bash bench/web/run.sh            # 365 days of history, 10 s of wrk per page
#   DAYS=730 SECS=20 bash bench/web/run.sh
#
# wrk comes from Debian (installed here if missing; the tests never need it).
set -euo pipefail
cd "$(dirname "$0")/../.."
DAYS="${DAYS:-365}"
SECS="${SECS:-10}"
if ! command -v wrk >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
cargo build --release -q -p barraiser
cargo build --release -q -p web --example year_of_history
target="${CARGO_TARGET_DIR:-target}/release"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="$work/year.db"
"$target/barraiser" prep start --interview-date "$(date -u -d '+21 days' +%F)" --db "$db" >/dev/null
"$target/examples/year_of_history" "$db" "$DAYS"
python3 bench/web/measure.py "$target/barraiser" "$db" "$SECS"
