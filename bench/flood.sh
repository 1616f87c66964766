#!/usr/bin/env bash
# Relevant actions under a flood of irrelevant ones: while FLOODERS processes run openat+close
# all out on an ordinary file (/etc/hostname), a second process reads /etc/shadow ACTIONS times,
# one run every GAP_MS, each with a marker in its command line; the report says how many of them
# alerted ("Read sensitive file untrusted", stable rules), and the sensor's own counts of events
# seen, left in the kernel by its filter, sent, and dropped (all, and those a rule could have
# matched). Not part of the test suite; run as root on an otherwise quiet machine:
#
#   bench/flood.sh                            # default 8 MiB ring, then a 64 KiB one
#   RINGS=8388608 FLOODERS=4 bench/flood.sh
#
# Environment (defaults in brackets):
#   RINGS ["8388608 65536"]   ring buffer sizes to try (--ring-buffer-bytes), one run each
#   FLOODERS [CPUs + 1]       flooding processes
#   ACTIONS [20]  GAP_MS [100]                relevant actions and the pause between them
#   RULES [<repo>/../shared/falco-rules/falco_rules.yaml]
#   SYSSENTRY_BIN [<repo>/target/release/syssentry, built if missing]
#   OUT [/tmp/syssentry-flood/<date>]         raw results and summary.md
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
RINGS="${RINGS:-8388608 65536}"
FLOODERS="${FLOODERS:-$(( $(nproc) + 1 ))}"
ACTIONS="${ACTIONS:-20}"
GAP_MS="${GAP_MS:-100}"
RULES="${RULES:-$root/../shared/falco-rules/falco_rules.yaml}"
OUT="${OUT:-/tmp/syssentry-flood/$(date -u +%Y%m%dT%H%M%SZ)}"
RULE="Read sensitive file untrusted"

log() { echo "flood: $*" >&2; }
[ "$(id -u)" -eq 0 ] || { echo "flood: needs root (BPF programs)" >&2; exit 2; }
[ -f "$RULES" ] || { echo "flood: rules file $RULES not found (set RULES)" >&2; exit 2; }
need=()
for p in gcc libc6-dev bc; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ "${#need[@]}" -gt 0 ]; then
  log "installing ${need[*]}"
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >&2
fi
mkdir -p "$OUT/bin"
gcc -O2 -Wall -o "$OUT/bin/syscall_bench" "$here/syscall_bench.c"
if [ -z "${SYSSENTRY_BIN:-}" ]; then
  log "building syssentry (release)"
  (cd "$root" && cargo build --release -q -p syssentry-cli) >&2
  SYSSENTRY_BIN="$root/target/release/syssentry"
fi

sensor_pid=""
flood_pids=()
cleanup() {
  for p in "${flood_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$sensor_pid" ] && kill -TERM "$sensor_pid" 2>/dev/null || true
}
trap cleanup EXIT

{
  echo "# Relevant actions under a flood ($(date -u +%Y-%m-%dT%H:%MZ), $(uname -r), $(nproc) CPUs)"
  echo
  echo "$FLOODERS processes flood openat+close on /etc/hostname; $ACTIONS reads of /etc/shadow, one every ${GAP_MS} ms; rules $(basename "$RULES")"
  echo
  echo "| ring buffer | alerted | events seen | filtered in the kernel | sent | dropped (ring full) | of which a rule could have matched | flood pairs/s |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$OUT/summary.md"

flood_secs=$(( ACTIONS * GAP_MS / 1000 + 3 ))
for ring in $RINGS; do
  tag="ring-$ring"
  err="$OUT/$tag.err"
  "$SYSSENTRY_BIN" run --rules "$RULES" --ring-buffer-bytes "$ring" > "$OUT/$tag.alerts" 2> "$err" &
  sensor_pid=$!
  for _ in $(seq 600); do
    grep -q '^syssentry: running:' "$err" && break
    kill -0 "$sensor_pid" 2>/dev/null || { echo "flood: syssentry did not start: $(cat "$err")" >&2; exit 1; }
    sleep 0.1
  done
  flood_pids=()
  for i in $(seq "$FLOODERS"); do
    "$OUT/bin/syscall_bench" openat-rate "$flood_secs" 0 > "$OUT/$tag.flood-$i" &
    flood_pids+=($!)
  done
  sleep 1
  for i in $(seq "$ACTIONS"); do
    # The second argument only marks the command line (cat then fails on it).
    cat /etc/shadow "/nonexistent/sse-flood-$ring-$i" > /dev/null 2>&1 || true
    sleep "$(echo "scale=3; $GAP_MS / 1000" | bc)"
  done
  for p in "${flood_pids[@]}"; do wait "$p" || true; done
  flood_pids=()
  sleep 1
  kill -TERM "$sensor_pid"; wait "$sensor_pid" || true; sensor_pid=""
  alerted=0
  for i in $(seq "$ACTIONS"); do
    # (no grep -q at the end of a pipe: under pipefail its early exit would fail the pipe)
    if grep -F "\"rule\":\"$RULE\"" "$OUT/$tag.alerts" | grep -F "sse-flood-$ring-$i " > /dev/null; then
      alerted=$(( alerted + 1 ))
    fi
  done
  counts="$(grep '^syssentry: events:' "$err" | tail -1)"
  seen="$(sed -E 's/.*seen ([0-9]+).*/\1/' <<< "$counts")"
  sent="$(sed -E 's/.*sent ([0-9]+).*/\1/' <<< "$counts")"
  dropped="$(sed -E 's/.*dropped ([0-9]+).*/\1/' <<< "$counts")"
  filtered="$(sed -E 's/.*filtered in the kernel ([0-9]+).*/\1/' <<< "$counts")"
  relevant="$(sed -E 's/.*\(([0-9]+) could have matched a rule\).*/\1/' <<< "$counts")"
  rate="$(cat "$OUT/$tag".flood-* | sed -E 's/.*pairs_per_s=([0-9]+).*/\1/' | paste -sd+ | bc)"
  echo "| $ring | **$alerted of $ACTIONS** | $seen | $filtered | $sent | $dropped | $relevant | $rate |" >> "$OUT/summary.md"
  log "ring $ring: $alerted of $ACTIONS alerted; $counts"
done
echo >> "$OUT/summary.md"
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/summary.md"
cat "$OUT/summary.md"
log "raw results in $OUT"
