#!/usr/bin/env bash
# bench/dns.sh [seconds] — our DNS module against gdnsd 3.x, side by side on loopback.
#
#   sudo bench/dns.sh        # 10 s per measured run (default)
#   sudo bench/dns.sh 5      # quicker, noisier
#
# What it does (method: bench/RESULTS.md "## DNS", background: notes/dns.md §2):
#   1. installs dnsperf, gdnsd, dig if missing; builds the daemon jar if missing;
#   2. generates one zone (example.internal) and one dnsperf query file into a temp dir;
#   3. starts gdnsd and our daemon on high loopback ports, both with one UDP thread;
#   4. checks both give the same answers for ~25 representative queries (diff summary);
#   5. warms ours up, then alternates the servers, UDP then TCP, ROUNDS rounds each, and
#      prints qps, average latency and the server's CPU time per query.
# Everything it starts is stopped on exit; nothing is written outside the temp dir.
#
# Environment knobs (defaults in brackets):
#   ROUNDS [2] WARMUP [5 s] GDNSD_PORT [15353] OURS_PORT [15354] ADMIN_PORT [18053]
#   READY_DEADLINE [60 s] SKIP_OURS [0; 1 = gdnsd only] KEEP [0; 1 = keep the temp dir]
set -euo pipefail
export LC_ALL=C   # one collation for sort/comm, "." as decimal point for awk

RUN_SECONDS=${1:-10}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-5}
GDNSD_PORT=${GDNSD_PORT:-15353}
OURS_PORT=${OURS_PORT:-15354}
ADMIN_PORT=${ADMIN_PORT:-18053}
READY_DEADLINE=${READY_DEADLINE:-60}
SKIP_OURS=${SKIP_OURS:-0}
KEEP=${KEEP:-0}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERE=$REPO/bench/dns
JAR=$REPO/daemon/target/appliance.jar
ZONE=example.internal
CLK_TCK=$(getconf CLK_TCK)

WORK=""
GDNSD_PID=""
OURS_PID=""
OURS_STATUS="not started"   # shown in the report when ours could not be measured
EXIT_NOTE=""                # why wait_ready gave up

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- setup

# Install only what is missing, and refresh the package index only then: a benchmark
# should not touch apt on a machine that already has everything.
ensure_packages() {
  local missing=() p
  for p in dnsperf gdnsd bind9-dnsutils; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
      || missing+=("$p")
  done
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  fi
}

ensure_jar() {
  [[ -f $JAR ]] && return
  log "building the daemon (daemon/target/appliance.jar missing)"
  # The lock keeps concurrent Maven builds in the same tree from clobbering target/.
  if command -v flock >/dev/null; then
    (cd "$REPO" && flock /tmp/mvn.lock mvn -B -q -DskipTests package)
  else
    (cd "$REPO" && mvn -B -q -DskipTests package)
  fi
  [[ -f $JAR ]] || die "build finished but $JAR is missing"
}

# A server left over on one of our ports would silently be benchmarked instead of ours.
check_ports_free() {
  local p
  for p in "$GDNSD_PORT" "$OURS_PORT" "$ADMIN_PORT"; do
    if ss -Hlntu "( sport = :$p )" 2>/dev/null | grep -q .; then
      die "port $p is in use (set GDNSD_PORT / OURS_PORT / ADMIN_PORT)"
    fi
  done
}

# One zone file, served unchanged by both servers; both take the zone name from the file name.
generate_inputs() {
  mkdir -p "$WORK"/gdnsd/zones "$WORK"/gdnsd/run "$WORK"/gdnsd/state "$WORK"/ours/zones "$WORK"/runs
  "$HERE"/gen-zone.sh >"$WORK/gdnsd/zones/$ZONE"
  cp "$WORK/gdnsd/zones/$ZONE" "$WORK/ours/zones/$ZONE"
  "$HERE"/gen-queries.sh >"$WORK/queries.txt"
  sed -e "s#@DIR@#$WORK/gdnsd#g" -e "s#@PORT@#$GDNSD_PORT#g" \
    "$HERE"/gdnsd.config.in >"$WORK/gdnsd/config"
  cat >"$WORK/ours/appliance.yaml" <<EOF
roles: [salt]
modules: [dns]
admin: { listen: "127.0.0.1:$ADMIN_PORT" }
dns:
  listen: ["127.0.0.1:$OURS_PORT"]
  zones: $WORK/ours/zones
  udp_threads: 1
EOF
  log "zone: $(grep -c ' IN ' "$WORK/gdnsd/zones/$ZONE") records; queries: $(wc -l <"$WORK/queries.txt") lines"
}

# ---------------------------------------------------------------- processes

# Readiness = the server answers the apex SOA. Fails early if the process died.
wait_ready() {
  local name=$1 pid=$2 port=$3 logf=$4 deadline=$((SECONDS + READY_DEADLINE))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      local rc=0
      wait "$pid" || rc=$?
      EXIT_NOTE="exited with status $rc before answering"
      printf '%s %s; last log lines (%s):\n' "$name" "$EXIT_NOTE" "$logf" >&2
      tail -n 30 "$logf" >&2
      return 1
    fi
    # +short still prints ";; communications error ..." on stdout: require a real RR.
    if dig @127.0.0.1 -p "$port" "$ZONE" SOA +short +time=1 +tries=1 2>/dev/null | grep -q '^[^;]'; then
      log "$name ready on 127.0.0.1:$port (pid $pid)"
      return 0
    fi
    sleep 0.5
  done
  EXIT_NOTE="did not answer within ${READY_DEADLINE}s"
  printf '%s %s; last log lines (%s):\n' "$name" "$EXIT_NOTE" "$logf" >&2
  tail -n 30 "$logf" >&2
  return 1
}

# gdnsd 3.x: "start" runs in the foreground and logs to stderr (there is no -f flag; -V is
# not an option either). It never changes user, so it runs fine as root on a high port.
start_gdnsd() {
  gdnsd -c "$WORK/gdnsd" start >"$WORK/gdnsd.log" 2>&1 &
  GDNSD_PID=$!
  wait_ready gdnsd "$GDNSD_PID" "$GDNSD_PORT" "$WORK/gdnsd.log" || die "gdnsd did not start"
}

# Fixed, pre-touched heap so page faults and heap growth stay out of the measurement.
start_ours() {
  java -Xms512m -Xmx512m -XX:+AlwaysPreTouch -jar "$JAR" run --config "$WORK/ours/appliance.yaml" \
    >"$WORK/ours.log" 2>&1 &
  OURS_PID=$!
  if wait_ready ours "$OURS_PID" "$OURS_PORT" "$WORK/ours.log"; then
    OURS_STATUS="running"
    return 0
  fi
  # First error-looking log line, so the report says why without digging in the temp dir.
  OURS_STATUS="NOT MEASURED: $EXIT_NOTE; $(grep -m1 -iE 'error|exception|usage|unknown|fail' "$WORK/ours.log" || tail -n1 "$WORK/ours.log" || true)"
  stop_pid "$OURS_PID"
  OURS_PID=""
  return 1
}

stop_pid() {
  local pid=$1 i
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  stop_pid "$OURS_PID"
  stop_pid "$GDNSD_PID"
  if [[ -n $WORK && -d $WORK ]]; then
    if [[ $KEEP == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  fi
  exit "$rc"
}

# ---------------------------------------------------------------- correctness sample

# The query sample: every answer path once. "name type [dig options]".
VERIFY_QUERIES=(
  "$ZONE SOA" "$ZONE NS" "$ZONE MX" "$ZONE TXT" "$ZONE A"
  "host0001.$ZONE A" "HoSt0500.ExAmPlE.InTeRnAl A" "multi.$ZONE A" "v6.$ZONE AAAA"
  "_http._tcp.$ZONE SRV"
  "www.$ZONE A" "alias2.$ZONE A" "ext.$ZONE A"
  "foo.wild.$ZONE A" "a.b.wild.$ZONE TXT" "foo.wild.$ZONE MX" "real.wild.$ZONE A"
  "real.wild.$ZONE TXT" "wild.$ZONE A" "_tcp.$ZONE SRV"
  "nx.$ZONE A" "nx.host0001.$ZONE A" "host0001.$ZONE AAAA"
  "x.sub.$ZONE A" "sub.$ZONE NS"
  "big.$ZONE TXT +tcp" "big.$ZONE TXT +noedns +ignore"
  "example.com A"
)

# dig output reduced to what must match: rcode, header flags, and each section's RRs
# sorted (gdnsd shuffles address RRsets) with whitespace collapsed. OPT/cookies are dropped.
normalized_answer() {
  local port=$1 name=$2 type=$3; shift 3
  { dig @127.0.0.1 -p "$port" "$name" "$type" +time=2 +tries=1 +nocookie "$@" 2>&1 || true; } | awk '
    /->>HEADER<<-/ { s = $0; sub(/.*status: /, "", s); sub(/,.*/, "", s); print "0 status " s; hdr = 1; next }
    /^;; flags:/   { f = $0; sub(/^;; flags: /, "", f); sub(/;.*/, "", f); print "0 flags " f; next }
    /^;; ANSWER SECTION:/     { sec = "1 answer"; next }
    /^;; AUTHORITY SECTION:/  { sec = "2 authority"; next }
    /^;; ADDITIONAL SECTION:/ { sec = "3 additional"; next }
    /^;/ || /^$/ { next }
    sec != "" { $1 = $1; print sec " " $0 }
    END { if (!hdr) print "0 status NO-REPLY" }' | sort
}

# Prints one line per query, a diff for every mismatch, and a summary. Expected differences
# are labelled, not hidden: gdnsd does not chase CNAMEs (experimental_no_chain), answers
# minimally, and clamps the SOA TTL to MINIMUM (300). Does not stop the benchmark.
verify_answers() {
  local same=0 expected=0 other=0 rcode=0 q name type opts g o label
  log "answer check: ${#VERIFY_QUERIES[@]} queries, gdnsd vs ours"
  for q in "${VERIFY_QUERIES[@]}"; do
    read -r name type opts <<<"$q"
    # shellcheck disable=SC2086  # opts is a list of dig flags
    g=$(normalized_answer "$GDNSD_PORT" "$name" "$type" $opts)
    # shellcheck disable=SC2086
    o=$(normalized_answer "$OURS_PORT" "$name" "$type" $opts)
    if [[ $g == "$o" ]]; then
      same=$((same + 1)); printf '  same       %s\n' "$q"; continue
    fi
    if [[ $(grep '^0 status' <<<"$g") != "$(grep '^0 status' <<<"$o")" ]]; then
      rcode=$((rcode + 1))
      label="!!! RCODE DIFFERS ($(grep '^0 status' <<<"$g" | cut -d' ' -f3) vs $(grep '^0 status' <<<"$o" | cut -d' ' -f3))"
    elif grep -q ' CNAME ' <<<"$g" && [[ -z $(comm -23 <(echo "$g") <(echo "$o")) ]]; then
      expected=$((expected + 1)); label="expected: CNAME chased by ours"
    elif [[ -z $(comm -23 <(grep -v '^[23]' <<<"$g") <(grep -v '^[23]' <<<"$o")) &&
            -z $(comm -13 <(grep -v '^[23]' <<<"$g") <(grep -v '^[23]' <<<"$o")) ]]; then
      expected=$((expected + 1)); label="expected: authority/additional differ (minimal responses)"
    elif [[ $(sed -E 's/ [0-9]+ IN / IN /' <<<"$g") == "$(sed -E 's/ [0-9]+ IN / IN /' <<<"$o")" ]]; then
      expected=$((expected + 1)); label="TTL only (gdnsd clamps SOA TTL to MINIMUM)"
    elif [[ ${g,,} == "${o,,}" ]]; then
      # 0x20-using resolvers check the question section; owner case in the answer is cosmetic
      expected=$((expected + 1)); label="case of names only"
    else
      other=$((other + 1)); label="DIFFERS"
    fi
    printf '  %-10s %s — %s\n' "diff" "$q" "$label"
    diff <(echo "$g") <(echo "$o") | grep '^[<>]' | sed -e 's/^</    gdnsd:/' -e 's/^>/    ours: /' || true
  done
  printf '  summary: %d same, %d expected differences, %d other differences, %d rcode differences\n' \
    "$same" "$expected" "$other" "$rcode"
  if ((rcode)); then
    printf '\n  !!!!!!!! %d QUERIES GET A DIFFERENT RCODE FROM OURS THAN FROM GDNSD !!!!!!!!\n\n' "$rcode"
  fi
}

# ---------------------------------------------------------------- measurement

# CPU ticks (utime+stime) of a process, all its threads, and its direct children.
cpu_ticks() {
  local pid=$1 total=0 p stat fields
  for p in "$pid" $(pgrep -P "$pid" || true); do
    stat=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    read -r -a fields <<<"${stat##*) }"   # fields[0] is field 3 (state): comm may hold spaces
    total=$((total + fields[11] + fields[12]))
  done
  echo "$total"
}

# One dnsperf run; appends "server transport round qps lat_ms srv_us cli_us lost rcodes" to
# results.tsv. Client CPU comes from bash's `time` so the cost of dnsperf is visible too.
measure() {
  local server=$1 port=$2 pid=$3 transport=$4 round=$5 secs=$6
  local out="$WORK/runs/$server-$transport-$round.txt" t0 t1 cli qps lat ndone lost rcodes
  t0=$(cpu_ticks "$pid")
  { TIMEFORMAT='%U %S'; time dnsperf -s 127.0.0.1 -p "$port" -m "$transport" -d "$WORK/queries.txt" \
      -c 4 -T 1 -l "$secs" >"$out" 2>&1; } 2>"$out.time"
  t1=$(cpu_ticks "$pid")
  qps=$(awk '/Queries per second:/ {print $4}' "$out")
  lat=$(awk '/Average Latency \(s\):/ {printf "%.3f", $4 * 1000; exit}' "$out")
  ndone=$(awk '/Queries completed:/ {print $3}' "$out")
  lost=$(awk '/Queries lost:/ {print $3}' "$out")
  rcodes=$(awk -F': *' '/Response codes:/ {gsub(/ \([^)]*\)/, "", $2); gsub(/ /, "=", $2); gsub(/,=/, ",", $2); print $2}' "$out")
  [[ -n $qps && ${ndone:-0} -gt 0 ]] || { cat "$out" >&2; die "dnsperf against $server gave no result"; }
  cli=$(awk -v d="$ndone" '{printf "%.2f", ($1 + $2) * 1e6 / d}' "$out.time")
  awk -v server="$server" -v tr="$transport" -v r="$round" -v qps="$qps" -v lat="$lat" \
      -v dt=$((t1 - t0)) -v hz="$CLK_TCK" -v d="$ndone" -v cli="$cli" -v lost="$lost" -v rc="$rcodes" \
      'BEGIN { printf "%s\t%s\t%s\t%.0f\t%s\t%.2f\t%s\t%s\t%s\n", server, tr, r, qps, lat, dt * 1e6 / hz / d, cli, lost, rc }' \
    >>"$WORK/results.tsv"
  tail -n1 "$WORK/results.tsv" | awk -F'\t' '{printf "  %-6s %-3s round %s: %8d qps  %6s ms  server %5s us/q  dnsperf %5s us/q  lost %s  %s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9}' >&2
}

run_benchmark() {
  local transport round
  : >"$WORK/results.tsv"
  if [[ -n $OURS_PID ]]; then
    # C2 compiles the hot path during this; the result is thrown away.
    log "warm-up: ours, UDP, ${WARMUP}s"
    dnsperf -s 127.0.0.1 -p "$OURS_PORT" -d "$WORK/queries.txt" -c 4 -T 1 -l "$WARMUP" >/dev/null 2>&1
  fi
  # Alternate servers, and who goes first (ABBA), so drifting background load and any
  # first-run-after-switch effect hit both servers alike.
  for transport in udp tcp; do
    for round in $(seq 1 "$ROUNDS"); do
      log "$transport round $round/$ROUNDS (${RUN_SECONDS}s per server)"
      if [[ -n $OURS_PID ]] && ((round % 2 == 0)); then
        measure ours "$OURS_PORT" "$OURS_PID" "$transport" "$round" "$RUN_SECONDS"
        measure gdnsd "$GDNSD_PORT" "$GDNSD_PID" "$transport" "$round" "$RUN_SECONDS"
      else
        measure gdnsd "$GDNSD_PORT" "$GDNSD_PID" "$transport" "$round" "$RUN_SECONDS"
        if [[ -n $OURS_PID ]]; then
          measure ours "$OURS_PORT" "$OURS_PID" "$transport" "$round" "$RUN_SECONDS"
        fi
      fi
    done
  done
}

# median FORMAT NUMBER... (printf format, e.g. %.0f)
median() {
  local fmt=$1; shift
  printf '%s\n' "$@" | sort -g | awk -v f="$fmt" '{v[NR] = $1}
    END {printf f "\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

col() { awk -F'\t' -v s="$1" -v t="$2" -v c="$3" '$1 == s && $2 == t {print $c}' "$WORK/results.tsv"; }

report() {
  local transport server rounds q l c k gq gc oq oc
  echo
  echo "DNS benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), ${RUN_SECONDS}s per run, $ROUNDS rounds, dnsperf -c 4 -T 1 (-q 100)"
  echo "nproc: $(nproc)   load average before: $LOAD_BEFORE"
  echo "gdnsd $(dpkg-query -W -f='${Version}' gdnsd), dnsperf $(dnsperf -h 2>&1 | awk '/^Version/ {print $2}'), $(java -version 2>&1 | head -n1)"
  echo "ours: $OURS_STATUS"
  echo
  printf '| %-6s | %-3s | %-24s | %-10s | %-14s | %-16s | %-14s |\n' server tr "qps per round" "qps median" "avg latency ms" "server CPU us/q" "dnsperf us/q"
  printf '|%s|%s|%s|%s|%s|%s|%s|\n' -------- ----- -------------------------- ------------ ---------------- ------------------ ----------------
  for transport in udp tcp; do
    for server in gdnsd ours; do
      q=$(col "$server" "$transport" 4)
      [[ -z $q ]] && { printf '| %-6s | %-3s | %-24s | %-10s | %-14s | %-16s | %-14s |\n' "$server" "$transport" pending - - - -; continue; }
      rounds=$(echo "$q" | paste -sd/)
      # shellcheck disable=SC2046
      printf '| %-6s | %-3s | %-24s | %-10s | %-14s | %-16s | %-14s |\n' "$server" "$transport" "$rounds" \
        "$(median %.0f $q)" "$(median %.3f $(col "$server" "$transport" 5))" \
        "$(median %.2f $(col "$server" "$transport" 6))" "$(median %.2f $(col "$server" "$transport" 7))"
    done
  done
  echo
  for transport in udp tcp; do
    oq=$(col ours "$transport" 4)
    [[ -z $oq ]] && continue
    # shellcheck disable=SC2046
    { gq=$(median %.4f $(col gdnsd "$transport" 4)); gc=$(median %.4f $(col gdnsd "$transport" 6))
      oq=$(median %.4f $oq); oc=$(median %.4f $(col ours "$transport" 6)); }
    awk -v t="$transport" -v gq="$gq" -v oq="$oq" -v gc="$gc" -v oc="$oc" \
      'BEGIN {printf "ratio ours/gdnsd %s: qps %.2f, server CPU per query %.2f\n", t, oq / gq, oc / gc}'
  done
  echo
  echo "response codes per run (server transport round: rcode=count):"
  awk -F'\t' '{printf "  %s %s %s: %s  lost=%s\n", $1, $2, $3, $9, $8}' "$WORK/results.tsv"
}

# ---------------------------------------------------------------- main

main() {
  [[ $RUN_SECONDS =~ ^[0-9]+$ && $RUN_SECONDS -gt 0 ]] || die "usage: $0 [seconds per run]"
  ensure_packages
  [[ $SKIP_OURS == 1 ]] || ensure_jar
  check_ports_free
  WORK=$(mktemp -d /tmp/dns-bench.XXXXXX)
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  generate_inputs
  LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
  start_gdnsd
  if [[ $SKIP_OURS == 1 ]]; then
    OURS_STATUS="skipped (SKIP_OURS=1)"
  elif ! start_ours; then
    printf '\n!!! our daemon is not answering; measuring gdnsd only. %s\n\n' "$OURS_STATUS" >&2
  fi
  if [[ -n $OURS_PID ]]; then verify_answers; fi
  run_benchmark
  report
  [[ -n $OURS_PID || $SKIP_OURS == 1 ]]   # exit 1 when ours was wanted but not measured
}

main "$@"
