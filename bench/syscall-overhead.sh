#!/usr/bin/env bash
# Syscall overhead of syssentry, against the bare machine and against the physical floor of
# syscall tracing (an empty program on raw_tp/sys_exit), plus the highest captured event rate
# with zero drops and the sensor's CPU and memory. Not part of the test suite; run as root on an
# otherwise quiet machine:
#
#   bench/syscall-overhead.sh                 # everything (about 10 minutes on 2 vCPUs)
#   ROUNDS=7 RATES="200000 300000 400000" bench/syscall-overhead.sh
#
# Environment (defaults in brackets):
#   ROUNDS [5]            interleaved rounds of (bare, floor, syssentry, ...); min and median are reported
#   N_GETPPID [2000000]   N_OPENAT [2000000]   N_FORKEXEC [1000]   loop sizes
#   FORKEXEC_PATH [/bin/true]                  what the fork+exec loop executes
#   FORKEXEC_ENV_BYTES [0]                     environment the fork+exec loop passes (0: empty;
#                         N: about N bytes in 64-byte variables)
#   RATES ["100000 200000 300000 350000 400000 450000 0"]
#                         captured events/s to drive (openat+close = 2 events; 0 = all out)
#   RATE_SECS [10]        length of each rate step
#   RATE_PROCS [1]        loop processes per rate step, each driving its share of the rate; with
#                         more than one they run on every CPU (not pinned), the sensor's included
#   RATE_PATH [/tmp/sse-rate../x]              what the rate and memory steps open: a path a
#                         stable-rules clause admits (it contains "../"), so that every open is
#                         sent and evaluated (a relevant flood; an ordinary path such as
#                         /etc/hostname is left in the kernel by the filter)
#   MEM_SECS [120]  MEM_RATE [300000]          long run for the memory check (events/s)
#   BPF_STATS [1]         also measure in-program time of syssentry's BPF programs (bpf_stats)
#   RULES [<repo>/../shared/falco-rules/falco_rules.yaml]
#   SYSSENTRY_BIN [<repo>/target/release/syssentry, built if missing or stale]
#   OUT [/tmp/syssentry-bench/<date>]          raw results
#   BENCH_CPU [0]  SENSOR_CPU [1]              CPU pinning (benchmark loop, sensor/loader)
#   SKIP ["" | words: overhead rate mem bpfstats]
#   PATH_FLOORS [1]       also run the floors of filtering opens by path (bench/path_filter_floor.bpf.c:
#                         "path read", "path filter") as cases of the overhead rounds
#   FALCO_CMD [unset]     the command line of a Falco you built yourself (this script builds and
#                         fetches nothing), for instance
#                           "/opt/falco/bin/falco -c /opt/falco/falco.yaml -o engine.kind=modern_ebpf -r RULES"
#                         with the same rules and an 8 MiB ring (buf_size_preset 4). When set, Falco is
#                         a fourth case of the overhead rounds (interleaved like the others) and runs
#                         the rate steps too, so both sensors are measured in one run: added cost per
#                         loop, CPU per million events, drops. Its counters come from its metrics
#                         snapshots (the script adds -o metrics.* options; every 3 s: a shorter
#                         interval's timer signal can interrupt the verifier while the probe loads).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
ROUNDS="${ROUNDS:-5}"
N_GETPPID="${N_GETPPID:-2000000}"
N_OPENAT="${N_OPENAT:-2000000}"
N_FORKEXEC="${N_FORKEXEC:-1000}"
FORKEXEC_PATH="${FORKEXEC_PATH:-/bin/true}"
FORKEXEC_ENV_BYTES="${FORKEXEC_ENV_BYTES:-0}"
RATES="${RATES:-100000 200000 300000 350000 400000 450000 0}"
RATE_SECS="${RATE_SECS:-10}"
MEM_SECS="${MEM_SECS:-120}"
RATE_PATH="${RATE_PATH:-/tmp/sse-rate../x}"
mkdir -p "$(dirname "$RATE_PATH")" && : > "$RATE_PATH"
MEM_RATE="${MEM_RATE:-300000}"
BPF_STATS="${BPF_STATS:-1}"
RULES="${RULES:-$root/../shared/falco-rules/falco_rules.yaml}"
BENCH_CPU="${BENCH_CPU:-0}"
SENSOR_CPU="${SENSOR_CPU:-1}"
SKIP="${SKIP:-}"
PATH_FLOORS="${PATH_FLOORS:-1}"
OUT="${OUT:-/tmp/syssentry-bench/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
res="$OUT/results.tsv"      # round case loop ns_per_iter load1
: > "$res"

log() { echo "bench: $*" >&2; }
skip() { [[ " $SKIP " == *" $1 "* ]]; }
load1() { cut -d' ' -f1 /proc/loadavg; }

[ "$(id -u)" -eq 0 ] || { echo "bench: needs root (BPF programs, nice -20)" >&2; exit 2; }

# --- what the benchmark needs: gcc, clang + libbpf-dev (floor program and its loader), bpftool
need=()
for p in gcc libc6-dev clang libbpf-dev bpftool procps bc util-linux; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ "${#need[@]}" -gt 0 ]; then
  log "installing ${need[*]}"
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >&2
fi

bin="$OUT/bin"; mkdir -p "$bin"
gcc -O2 -Wall -o "$bin/syscall_bench" "$here/syscall_bench.c"
clang -O2 -g -target bpf -I "$root/capture-bpf/bpf" -c "$here/empty_tp.bpf.c" -o "$bin/empty_tp.bpf.o"
clang -O2 -g -target bpf -I "$root/capture-bpf/bpf" -c "$here/path_filter_floor.bpf.c" -o "$bin/path_read.bpf.o"
clang -O2 -g -target bpf -I "$root/capture-bpf/bpf" -DSSE_MARK_FDS -c "$here/path_filter_floor.bpf.c" -o "$bin/path_filter.bpf.o"
gcc -O2 -Wall -o "$bin/empty_tp_loader" "$here/empty_tp_loader.c" -lbpf

if [ -z "${SYSSENTRY_BIN:-}" ]; then
  log "building syssentry (release)"
  (cd "$root" && cargo build --release -q -p syssentry-cli) >&2
  SYSSENTRY_BIN="$root/target/release/syssentry"
fi
[ -f "$RULES" ] || { echo "bench: rules file $RULES not found (set RULES)" >&2; exit 2; }

pin_bench() { taskset -c "$BENCH_CPU" nice -n -20 "$@"; }
RATE_PROCS="${RATE_PROCS:-1}"
# The rate loop: RATE_PROCS processes driving $2 events/s between them for $1 s; prints
# "syscalls_per_s=<sum>".
rate_load() {
  if [ "$RATE_PROCS" -le 1 ]; then
    pin_bench "$bin/syscall_bench" openat-rate "$1" "$(( $2 / 2 ))" "$RATE_PATH"
    return
  fi
  local i per=$(( $2 / 2 / RATE_PROCS )) outs=()
  for i in $(seq "$RATE_PROCS"); do
    outs+=("$OUT/rate-load.$i")
    nice -n -20 "$bin/syscall_bench" openat-rate "$1" "$per" "$RATE_PATH" > "$OUT/rate-load.$i" &
  done
  wait
  cat "${outs[@]}" | sed -E 's/.*syscalls_per_s=([0-9]+).*/\1/' | awk '{ s += $1 } END { printf "syscalls_per_s=%d\n", s }'
}
clk_tck="$(getconf CLK_TCK)"

# CPU seconds (utime+stime) of a process.
cpu_secs() { awk -v t="$clk_tck" '{ sub(/^.*\) /, ""); printf "%.3f", ($12 + $13) / t }' "/proc/$1/stat"; }
vm_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

# --- helpers started on the sensor CPU; each sets $helper_pid
helper_pid=""
start_floor() {  # $1 = the program's object [empty_tp]
  local o="$OUT/floor.out"
  taskset -c "$SENSOR_CPU" nice -n -20 "$bin/empty_tp_loader" "$bin/${1:-empty_tp}.bpf.o" 3600 > "$o" 2>&1 &
  helper_pid=$!
  for _ in $(seq 100); do grep -q attached "$o" && return 0; sleep 0.1; done
  echo "bench: the floor program did not attach: $(cat "$o")" >&2; exit 1
}
start_sensor() {  # $1 = tag for its output files
  local e="$OUT/sensor-$1.err"
  taskset -c "$SENSOR_CPU" nice -n -20 "$SYSSENTRY_BIN" run --rules "$RULES" --duration 3600 \
    > "$OUT/sensor-$1.alerts" 2> "$e" &
  helper_pid=$!
  for _ in $(seq 600); do
    grep -q '^syssentry: running:' "$e" && return 0
    kill -0 "$helper_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: syssentry did not start: $(cat "$e")" >&2; exit 1
}
start_falco() {  # $1 = tag; ready once its first metrics snapshot is out (after its /proc scan)
  local o="$OUT/falco-$1.out" e="$OUT/falco-$1.err"
  # shellcheck disable=SC2086
  taskset -c "$SENSOR_CPU" nice -n -20 $FALCO_CMD -o metrics.enabled=true -o metrics.interval=3s \
    -o metrics.output_rule=true -o file_output.enabled=false -o stdout_output.enabled=true > "$o" 2> "$e" &
  helper_pid=$!
  for _ in $(seq 600); do
    grep -q 'metrics snapshot' "$o" 2>/dev/null && return 0
    kill -0 "$helper_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: falco did not start: $(tail -5 "$e")" >&2; exit 1
}
# "n_evts=1 n_drops=2" from Falco's last metrics snapshot
falco_counts() {
  grep 'metrics snapshot' "$1" | tail -1 |
    python3 -c 'import json, sys; f = json.loads(sys.stdin.read())["output_fields"]; print("n_evts=%d n_drops=%d" % (f["scap.n_evts"], f["scap.n_drops"]))'
}
stop_helper() {
  [ -n "$helper_pid" ] || return 0
  kill -TERM "$helper_pid" 2>/dev/null || true
  wait "$helper_pid" 2>/dev/null || true
  helper_pid=""
}
trap 'stop_helper' EXIT

# "seen 1 sent 2 dropped 3 processed 4" from a sensor's stderr (last stats block)
sensor_counts() {
  grep '^syssentry: events:' "$1" | tail -1 |
    sed -E 's/.*seen ([0-9]+), filtered in the kernel ([0-9]+), sent ([0-9]+), dropped ([0-9]+) \(([0-9]+) could have matched a rule\), read failures ([0-9]+), decode errors ([0-9]+), processed ([0-9]+).*/seen=\1 filtered=\2 sent=\3 dropped=\4 dropped_relevant=\5 read_fail=\6 decode_err=\7 processed=\8/'
}

run_loops() {  # $1 round, $2 case
  local l n out
  for l in getppid openat forkexec; do
    case $l in getppid) n=$N_GETPPID ;; openat) n=$N_OPENAT ;; forkexec) n=$N_FORKEXEC ;; esac
    local ld; ld="$(load1)"
    if [ "$l" = forkexec ]; then
      out="$(SSE_BENCH_ENV_BYTES="$FORKEXEC_ENV_BYTES" pin_bench "$bin/syscall_bench" forkexec "$n" "$FORKEXEC_PATH")"
    else out="$(pin_bench "$bin/syscall_bench" "$l" "$n")"; fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$l" "${out##*ns_per_iter=}" "$ld" >> "$res"
    log "round $1 $2 $l: ${out##*ns_per_iter=} ns (load $ld)"
  done
}

{
  echo "# syssentry syscall overhead — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "machine: $(uname -r), $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
  echo "sensor: $("$SYSSENTRY_BIN" --version 2>/dev/null || echo syssentry), rules $(basename "$RULES"); git $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "pinning: loops on CPU $BENCH_CPU, sensor/loader on CPU $SENSOR_CPU, both nice -20"
  echo "fork+exec: $FORKEXEC_PATH with a ${FORKEXEC_ENV_BYTES}-byte environment (FORKEXEC_ENV_BYTES)"
  echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
} > "$OUT/summary.md"

# --- 1. overhead: interleaved rounds of bare / floor / syssentry
if ! skip overhead; then
  cases=(bare floor syssentry)
  [ "$PATH_FLOORS" = 1 ] && cases+=(pathread pathfilter)
  [ -n "${FALCO_CMD:-}" ] && cases+=(falco)
  ncases=${#cases[@]}
  : > "$OUT/sensor-usage.tsv"
  : > "$OUT/falco-usage.tsv"
  for r in $(seq "$ROUNDS"); do
    for k in $(seq 0 $(( ncases - 1 ))); do
      c="${cases[$(( (k + r - 1) % ncases ))]}"   # rotate the order each round
      case $c in
        falco)
          start_falco "round$r"; pid=$helper_pid
          t0=$(date +%s.%N); c0=$(cpu_secs "$pid")
          run_loops "$r" falco
          t1=$(date +%s.%N); c1=$(cpu_secs "$pid"); rss=$(vm_kb "$pid" VmRSS); hwm=$(vm_kb "$pid" VmHWM)
          sleep 3.5   # one more snapshot with the loops' events
          stop_helper
          printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$(echo "$t1 - $t0" | bc)" "$(echo "$c1 - $c0" | bc)" "$rss" "$hwm" \
            "$(falco_counts "$OUT/falco-round$r.out")" >> "$OUT/falco-usage.tsv"
          ;;
        bare) run_loops "$r" bare ;;
        floor) start_floor; run_loops "$r" floor; stop_helper ;;
        pathread) start_floor path_read; run_loops "$r" pathread; stop_helper ;;
        pathfilter) start_floor path_filter; run_loops "$r" pathfilter; stop_helper ;;
        syssentry)
          start_sensor "round$r"; pid=$helper_pid
          t0=$(date +%s.%N); c0=$(cpu_secs "$pid")
          run_loops "$r" syssentry
          t1=$(date +%s.%N); c1=$(cpu_secs "$pid"); rss=$(vm_kb "$pid" VmRSS); hwm=$(vm_kb "$pid" VmHWM)
          stop_helper
          printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$(echo "$t1 - $t0" | bc)" "$(echo "$c1 - $c0" | bc)" "$rss" "$hwm" \
            "$(sensor_counts "$OUT/sensor-round$r.err")" >> "$OUT/sensor-usage.tsv"
          ;;
      esac
    done
  done

  awk -F'\t' '
    { v[$2 "," $3] = v[$2 "," $3] " " $4; ld[$1] = ld[$1] " " $5 }
    function stats(s,   a, n, i, j, t) {
      n = split(s, a, " ")
      for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
      mn = a[1]; md = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2; cnt = n
    }
    END {
      split("getppid openat forkexec", L, " ")
      label["getppid"] = "getppid (ns/call)"; label["openat"] = "openat+close (ns/pair)"; label["forkexec"] = "fork+exec+wait (ns/iter)"
      print "## Per-iteration cost (min / median of " '"$ROUNDS"' " interleaved rounds)\n"
      print "| loop | bare | floor: empty raw_tp/sys_exit | syssentry, stable rules | syssentry / bare (min, median) | floor / bare (min) |"
      print "|---|---|---|---|---|---|"
      for (i = 1; i <= 3; i++) {
        l = L[i]
        stats(v["bare," l]); a = mn; am = md
        stats(v["floor," l]); b = mn; bm = md
        stats(v["syssentry," l]); c = mn; cm = md
        printf "| %s | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | **%.3f**, %.3f | %.3f |\n", label[l], a, am, b, bm, c, cm, c / a, cm / am, b / a
        A[l] = a; B[l] = b; C[l] = c; AM[l] = am; BM[l] = bm; CM[l] = cm
      }
      print ""
      printf "getppid (no rule needs it): added cost syssentry %.1f ns, floor %.1f ns; (c-a)/(b-a) = **%.2f** (min), %.2f (median)\n", \
        C["getppid"] - A["getppid"], B["getppid"] - A["getppid"], (C["getppid"] - A["getppid"]) / (B["getppid"] - A["getppid"]), \
        (CM["getppid"] - AM["getppid"]) / (BM["getppid"] - AM["getppid"])
      print ""
      printf "targets: openat+close <= 1.30x: %s (%.3f); fork+exec <= 1.15x: %s (%.3f); getppid <= 1.25x floor added cost: %s (%.2f)\n", \
        (C["openat"] / A["openat"] <= 1.30 ? "met" : "MISSED"), C["openat"] / A["openat"], \
        (C["forkexec"] / A["forkexec"] <= 1.15 ? "met" : "MISSED"), C["forkexec"] / A["forkexec"], \
        ((C["getppid"] - A["getppid"]) <= 1.25 * (B["getppid"] - A["getppid"]) ? "met" : "MISSED"), \
        (C["getppid"] - A["getppid"]) / (B["getppid"] - A["getppid"])
      print ""
      printf "load (1-min average) per round:"
      for (r = 1; r in ld; r++) { stats(ld[r]); printf " r%d %.2f-%.2f;", r, mn, a2max(ld[r]) }
      print "\n"
    }
    function a2max(s,   a, n, i, m) { n = split(s, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] > m) m = a[i]; return m }
  ' "$res" >> "$OUT/summary.md"

  if [ "$PATH_FLOORS" = 1 ]; then
    awk -F'\t' '
      { v[$2 "," $3] = v[$2 "," $3] " " $4 }
      function mn(s,   a, n, i, m) { n = split(s, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] < m) m = a[i]; return m }
      END {
        print "## The floors of filtering opens by path (min of each case over the same interleaved rounds)\n"
        print "| loop | bare | floor adds | path read adds | path filter adds | syssentry adds | path read / floor | path filter / floor | syssentry / floor | syssentry / path filter |"
        print "|---|---|---|---|---|---|---|---|---|---|"
        l = "openat"; a = mn(v["bare," l]); b = mn(v["floor," l]) - a; p = mn(v["pathread," l]) - a; q = mn(v["pathfilter," l]) - a; c = mn(v["syssentry," l]) - a
        printf "| openat+close (ns/pair) | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %.2f | **%.2f** |\n", a, b, p, q, c, p / b, q / b, c / b, c / q
        print ""
      }' "$res" >> "$OUT/summary.md"
  fi

  if [ -n "${FALCO_CMD:-}" ]; then
    awk -F'\t' '
      { v[$2 "," $3] = v[$2 "," $3] " " $4 }
      function mn(s,   a, n, i, m) { n = split(s, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] < m) m = a[i]; return m }
      END {
        split("getppid openat forkexec", L, " ")
        print "## Side by side with Falco (min of each case over the same interleaved rounds)\n"
        print "| loop | bare | floor adds | syssentry adds | Falco adds | syssentry / floor | Falco / floor | syssentry / Falco |"
        print "|---|---|---|---|---|---|---|---|"
        for (i = 1; i <= 3; i++) {
          l = L[i]; a = mn(v["bare," l]); b = mn(v["floor," l]) - a; c = mn(v["syssentry," l]) - a; f = mn(v["falco," l]) - a
          printf "| %s | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | **%.2f** |\n", l, a, b, c, f, c / b, f / b, c / f
        }
        print ""
      }' "$res" >> "$OUT/summary.md"
    {
      echo "### Falco during the rounds (whole round: three loops)"
      echo
      echo "| round | wall s | CPU s (utime+stime) | CPU % of a core | VmRSS KiB | VmHWM KiB | counters (last metrics snapshot) |"
      echo "|---|---|---|---|---|---|---|"
      awk -F'\t' '{ printf "| %s | %.1f | %.2f | %.1f | %s | %s | %s |\n", $1, $2, $3, 100 * $3 / $2, $4, $5, $6 }' "$OUT/falco-usage.tsv"
      echo
    } >> "$OUT/summary.md"
  fi
  {
    echo "### Sensor during the rounds (whole round: three loops)"
    echo
    echo "| round | wall s | CPU s (utime+stime) | CPU % of a core | VmRSS KiB | VmHWM KiB | counters at exit |"
    echo "|---|---|---|---|---|---|---|"
    awk -F'\t' '{ printf "| %s | %.1f | %.2f | %.1f | %s | %s | %s |\n", $1, $2, $3, 100 * $3 / $2, $4, $5, $6 }' "$OUT/sensor-usage.tsv"
    echo
  } >> "$OUT/summary.md"
fi

# --- 2. highest captured event rate with zero drops
if ! skip rate; then
  {
    echo "## Captured event rate (openat+close = 2 events, ${RATE_SECS} s per step, fresh sensor each step)"
    echo
    echo "| target events/s | achieved load events/s | sensor sent | dropped | processed | sensor CPU % of a core | CPU s per million load events | VmRSS KiB | VmHWM KiB | load |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
  } >> "$OUT/summary.md"
  best=0
  for rate in $RATES; do
    ld="$(load1)"
    start_sensor "rate$rate"; pid=$helper_pid
    sleep 1
    c0=$(cpu_secs "$pid"); t0=$(date +%s.%N)
    out="$(rate_load "$RATE_SECS" "$rate")"
    t1=$(date +%s.%N); c1=$(cpu_secs "$pid"); rss=$(vm_kb "$pid" VmRSS); hwm=$(vm_kb "$pid" VmHWM)
    sleep 1   # let the reader drain what is pending
    stop_helper
    counts="$(sensor_counts "$OUT/sensor-rate$rate.err")"
    eval "$counts"
    achieved="$(sed -E 's/.*syscalls_per_s=([0-9]+).*/\1/' <<< "$out")"
    cpu_pct="$(echo "scale=1; 100 * ($c1 - $c0) / ($t1 - $t0)" | bc)"
    per_m="$(echo "scale=3; ($c1 - $c0) * 1000000 / ($achieved * ($t1 - $t0))" | bc)"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$([ "$rate" = 0 ] && echo 'all out' || echo "$rate")" \
      "$achieved" "$sent" "$dropped" "$processed" "$cpu_pct" "$per_m" "$rss" "$hwm" "$ld" >> "$OUT/summary.md"
    log "rate $rate: achieved $achieved/s, $counts, cpu $cpu_pct%"
    if [ "$dropped" -eq 0 ] && [ "$decode_err" -eq 0 ] && [ "$processed" -eq "$sent" ] && [ "$achieved" -gt "$best" ]; then
      best=$achieved
    fi
  done
  { echo; echo "highest captured rate with zero drops: **$best events/s** (target >= 300,000)"; echo; } >> "$OUT/summary.md"

  if [ -n "${FALCO_CMD:-}" ]; then
    {
      echo "### Falco at the same rates (same loop, same path, fresh Falco each step)"
      echo
      echo "| target events/s | achieved load events/s | Falco events | dropped | Falco CPU % of a core | CPU s per million load events | VmRSS KiB | load |"
      echo "|---|---|---|---|---|---|---|---|"
    } >> "$OUT/summary.md"
    fbest=0
    for rate in $RATES; do
      ld="$(load1)"
      start_falco "rate$rate"; pid=$helper_pid
      c0=$(cpu_secs "$pid"); t0=$(date +%s.%N)
      out="$(rate_load "$RATE_SECS" "$rate")"
      t1=$(date +%s.%N); c1=$(cpu_secs "$pid"); rss=$(vm_kb "$pid" VmRSS)
      sleep 3.5
      stop_helper
      counts="$(falco_counts "$OUT/falco-rate$rate.out")"
      eval "$counts"
      achieved="$(sed -E 's/.*syscalls_per_s=([0-9]+).*/\1/' <<< "$out")"
      cpu_pct="$(echo "scale=1; 100 * ($c1 - $c0) / ($t1 - $t0)" | bc)"
      per_m="$(echo "scale=3; ($c1 - $c0) * 1000000 / ($achieved * ($t1 - $t0))" | bc)"
      printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$([ "$rate" = 0 ] && echo 'all out' || echo "$rate")" \
        "$achieved" "$n_evts" "$n_drops" "$cpu_pct" "$per_m" "$rss" "$ld" >> "$OUT/summary.md"
      log "falco rate $rate: achieved $achieved/s, $counts, cpu $cpu_pct%"
      if [ "$n_drops" -eq 0 ] && [ "$achieved" -gt "$fbest" ]; then fbest=$achieved; fi
    done
    { echo; echo "Falco's highest rate with zero drops: **$fbest events/s**"; echo; } >> "$OUT/summary.md"
  fi
fi

# --- 3. memory over a longer run
if ! skip mem; then
  start_sensor mem; pid=$helper_pid
  : > "$OUT/mem.tsv"
  ( pin_bench "$bin/syscall_bench" openat-rate "$MEM_SECS" "$(( MEM_RATE / 2 ))" "$RATE_PATH" > "$OUT/mem-load.out" ) &
  loadpid=$!
  ( end=$(( $(date +%s) + MEM_SECS )); while [ "$(date +%s)" -lt "$end" ]; do
      pin_bench "$bin/syscall_bench" forkexec 20 "$FORKEXEC_PATH" > /dev/null; sleep 0.5; done ) &
  execpid=$!
  t0=$(date +%s); c0=$(cpu_secs "$pid")
  while kill -0 "$loadpid" 2>/dev/null; do
    printf '%s\t%s\t%s\n' "$(( $(date +%s) - t0 ))" "$(vm_kb "$pid" VmRSS)" "$(vm_kb "$pid" VmHWM)" >> "$OUT/mem.tsv"
    sleep 5
  done
  wait "$loadpid" "$execpid" || true
  t1=$(date +%s); c1=$(cpu_secs "$pid")
  stop_helper
  counts="$(sensor_counts "$OUT/sensor-mem.err")"
  {
    echo "## Memory over ${MEM_SECS} s (openat+close at $MEM_RATE events/s plus 20 fork+exec every 0.5 s)"
    echo
    echo "VmRSS KiB every 5 s: $(cut -f2 "$OUT/mem.tsv" | tr '\n' ' ')"
    echo
    awk -F'\t' 'NR == 1 { f = $2 } { l = $2; if ($2 > m) m = $2; h = $3 }
      END { printf "first %s KiB, last %s KiB, max %s KiB, VmHWM %s KiB\n", f, l, m, h }' "$OUT/mem.tsv"
    echo
    echo "load: $(cat "$OUT/mem-load.out"); sensor: $counts; CPU $(echo "scale=1; 100 * ($c1 - $c0) / ($t1 - $t0)" | bc)% of a core"
    echo
  } >> "$OUT/summary.md"
fi

# --- 4. in-program time of syssentry's BPF programs (bpf_stats), per loop
if ! skip bpfstats && [ "$BPF_STATS" = 1 ]; then
  prev="$(sysctl -n kernel.bpf_stats_enabled)"
  sysctl -q kernel.bpf_stats_enabled=1
  start_sensor bpfstats
  prog_stats() {  # "run_time_ns run_cnt" of the sensor's program $1 (sys_exit, sched_exec)
    bpftool prog show --json | tr '}' '\n' | grep "\"name\":\"$1\"" | tail -1 |
      sed -E 's/.*"run_time_ns":([0-9]+).*"run_cnt":([0-9]+).*/\1 \2/'
  }
  {
    echo "## In-program time of syssentry's BPF programs (kernel.bpf_stats_enabled=1)"
    echo
    echo "| loop | program | program runs | ns per run |"
    echo "|---|---|---|---|"
  } >> "$OUT/summary.md"
  # sys_exit over the syscall loops; sched_exec (the exec record: process facts, paths, one
  # cgroup item per hierarchy) over the fork+exec loop
  for lp in getppid:sys_exit:1000000 openat:sys_exit:1000000 forkexec:sched_exec:"$N_FORKEXEC"; do
    IFS=: read -r l prog n <<< "$lp"
    read -r t0 n0 <<< "$(prog_stats "$prog")"
    pin_bench "$bin/syscall_bench" "$l" "$n" > /dev/null
    read -r t1 n1 <<< "$(prog_stats "$prog")"
    echo "| $l | $prog | $(( n1 - n0 )) | $(echo "scale=1; ($t1 - $t0) / ($n1 - $n0)" | bc) |" >> "$OUT/summary.md"
  done
  stop_helper
  sysctl -q kernel.bpf_stats_enabled="$prev"
  echo >> "$OUT/summary.md"
fi

echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/summary.md"
cat "$OUT/summary.md"
log "raw results in $OUT"
