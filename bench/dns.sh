#!/usr/bin/env bash
# bench/dns.sh [seconds] — our DNS module against gdnsd 3.x and NSD 4.x, side by side on loopback.
#
#   sudo bench/dns.sh        # 10 s per measured run (default)
#   sudo bench/dns.sh 5      # quicker, noisier
#
# What it does (method: bench/RESULTS.md "## DNS", background: notes/dns.md §2):
#   1. installs dnsperf, gdnsd, nsd, dig if missing; builds the daemon jar if missing;
#   2. generates one zone (example.internal) and one dnsperf query file into a temp dir;
#   3. starts gdnsd, NSD and our daemon on high loopback ports, each with one answering
#      thread (NSD: one server process);
#   4. sends ~28 representative queries to all three and compares ours with gdnsd and with
#      NSD (diff summary; expected differences labelled, rcode differences flagged);
#   5. runs the servers in turn, UDP then TCP (ours warmed up before each), ROUNDS rounds
#      each (order ABC CBA BCA ACB CAB BAC ...), and prints qps, average latency, the server's
#      CPU time per query (user and system apart) and dnsperf's, with ratios ours/gdnsd and
#      ours/NSD;
#   6. with PROFILE=1, one more UDP run against ours under JFR, summarised: CPU per thread,
#      top frames, allocation per query, GC (bench/dns/jfr-summary.sh).
# Everything it starts is stopped on exit; nothing is written outside the temp dir.
#
# Environment knobs (defaults in brackets):
#   ROUNDS [2] WARMUP [5 s] GDNSD_PORT [15353] OURS_PORT [15354] NSD_PORT [15355]
#   ADMIN_PORT [18053] (a port already in use is replaced by the next free one above it)
#   READY_DEADLINE [60 s] SKIP_OURS [0; 1 = gdnsd and NSD only] SKIP_NSD [0; 1 = no NSD]
#   JAVA_OPTS [none; extra JVM options for ours] KEEP [0; 1 = keep the temp dir]
#   PROFILE [0; 1 = after the rounds, PROFILE_SECONDS (20) of UDP against ours under JFR]
#   TRANSPORTS ["udp tcp"; "udp" measures UDP only, a shorter run while tuning the UDP path]
set -euo pipefail
export LC_ALL=C   # one collation for sort/comm, "." as decimal point for awk

RUN_SECONDS=${1:-10}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-5}
GDNSD_PORT=${GDNSD_PORT:-15353}
OURS_PORT=${OURS_PORT:-15354}
NSD_PORT=${NSD_PORT:-15355}
ADMIN_PORT=${ADMIN_PORT:-18053}
READY_DEADLINE=${READY_DEADLINE:-60}
SKIP_OURS=${SKIP_OURS:-0}
SKIP_NSD=${SKIP_NSD:-0}
JAVA_OPTS=${JAVA_OPTS:-}
PROFILE=${PROFILE:-0}
PROFILE_SECONDS=${PROFILE_SECONDS:-20}
KEEP=${KEEP:-0}
TRANSPORTS=${TRANSPORTS:-udp tcp}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERE=$REPO/bench/dns
JAR=$REPO/daemon/target/appliance.jar
ZONE=example.internal
CLK_TCK=$(getconf CLK_TCK)

WORK=""
GDNSD_PID=""
NSD_PID=""
OURS_PID=""
OURS_STATUS="not started"   # shown in the report when ours could not be measured
NSD_STATUS="not started"
EXIT_NOTE=""                # why wait_ready gave up
PICKED_PORTS=()

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- setup

# Install only what is missing, and refresh the package index only then: a benchmark
# should not touch apt on a machine that already has everything. (Installing nsd also
# starts Debian's own nsd service on port 53; the benchmark runs its own instance.)
ensure_packages() {
  local missing=() p
  for p in dnsperf gdnsd nsd bind9-dnsutils; do
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

# pick_port VAR: keeps the port in $VAR if nothing uses it, else takes the next free one
# above it. A server left over on one of our ports would silently be benchmarked instead of
# ours, and other benchmarks and tests run on this machine too. "In use" = any TCP or UDP
# socket with that local port, on any address, or a port already picked for another server.
pick_port() {
  local var=$1 want=${!1} p n why=""
  for ((n = 0, p = want; n < 100 && p < 65536; n++, p++)); do
    if [[ " ${PICKED_PORTS[*]} " == *" $p "* ]]; then
      why=${why:-"taken by another of our servers"}; continue
    fi
    if ss -Hantu "( sport = :$p )" 2>/dev/null | grep -q .; then
      why=${why:-"in use"}; continue
    fi
    ((p == want)) || log "port $want ($var) is $why; using $p"
    printf -v "$var" '%s' "$p"
    PICKED_PORTS+=("$p")
    return 0
  done
  die "no free port in $want..$((want + 99)) for $var"
}

# One zone file, served unchanged by every server; all take the zone name from the file name.
generate_inputs() {
  mkdir -p "$WORK"/gdnsd/zones "$WORK"/gdnsd/run "$WORK"/gdnsd/state "$WORK"/ours/zones \
    "$WORK"/nsd "$WORK"/runs
  "$HERE"/gen-zone.sh >"$WORK/gdnsd/zones/$ZONE"
  cp "$WORK/gdnsd/zones/$ZONE" "$WORK/ours/zones/$ZONE"
  cp "$WORK/gdnsd/zones/$ZONE" "$WORK/nsd/$ZONE"
  "$HERE"/gen-queries.sh >"$WORK/queries.txt"
  sed -e "s#@DIR@#$WORK/gdnsd#g" -e "s#@PORT@#$GDNSD_PORT#g" \
    "$HERE"/gdnsd.config.in >"$WORK/gdnsd/config"
  sed -e "s#@DIR@#$WORK/nsd#g" -e "s#@PORT@#$NSD_PORT#g" \
    "$HERE"/nsd.conf.in >"$WORK/nsd/nsd.conf"
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

# NSD 4.x: -d keeps it in the foreground, but it still forks: the started process becomes
# xfrd (its pid is the pidfile's; SIGTERM to it stops them all), its child "main" forks the
# one server process that answers. The config's logfile also takes NSD's stdout/stderr.
start_nsd() {
  nsd -d -c "$WORK/nsd/nsd.conf" >>"$WORK/nsd/nsd.log" 2>&1 &
  NSD_PID=$!
  if wait_ready nsd "$NSD_PID" "$NSD_PORT" "$WORK/nsd/nsd.log"; then
    NSD_STATUS="running"
    return 0
  fi
  NSD_STATUS="NOT MEASURED: $EXIT_NOTE; $(grep -m1 -iE 'error|fail|cannot' "$WORK/nsd/nsd.log" || true)"
  stop_pid "$NSD_PID"
  NSD_PID=""
  return 1
}

# Fixed, pre-touched heap so page faults and heap growth stay out of the measurement.
start_ours() {
  # shellcheck disable=SC2086  # JAVA_OPTS is a list of JVM options
  java -Xms512m -Xmx512m -XX:+AlwaysPreTouch $JAVA_OPTS -jar "$JAR" run --config "$WORK/ours/appliance.yaml" \
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
  stop_pid "$NSD_PID"
  stop_pid "$GDNSD_PID"
  if [[ -n $WORK && -d $WORK ]]; then
    if [[ $KEEP == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  fi
  exit "$rc"
}

# The servers that are running, in a fixed order: gdnsd first, ours last.
servers() {
  echo gdnsd
  [[ -z $NSD_PID ]] || echo nsd
  [[ -z $OURS_PID ]] || echo ours
}

port_of() { case $1 in gdnsd) echo "$GDNSD_PORT" ;; nsd) echo "$NSD_PORT" ;; *) echo "$OURS_PORT" ;; esac; }
pid_of() { case $1 in gdnsd) echo "$GDNSD_PID" ;; nsd) echo "$NSD_PID" ;; *) echo "$OURS_PID" ;; esac; }

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

# Lines in $1 and not in $2 (both sorted).
only_in() { comm -23 <(echo "$1") <(echo "$2"); }

# difference REF REF_ANSWER OURS_ANSWER: "same", or why ours differs from the reference
# server's answer. Expected differences are labelled, not hidden:
#  - gdnsd does not chase CNAMEs (experimental_no_chain), answers minimally, and clamps the
#    SOA TTL to MINIMUM (300);
#  - NSD chases CNAMEs like ours but, with its default minimal-responses: no, adds the zone's
#    NS RRset in authority to positive answers, and in additional the addresses of the NS
#    (glue) and of MX/SRV targets (RFC 1035 §3.3.9, RFC 2782), owner names in the case of
#    the question (compression points into it).
# Anything else is "DIFFERS"; a different rcode is flagged loudly.
difference() {
  local ref=$1 r=$2 o=$3 extra
  if [[ $r == "$o" ]]; then echo same; return; fi
  if [[ $(grep '^0 status' <<<"$r") != "$(grep '^0 status' <<<"$o")" ]]; then
    echo "!!! RCODE DIFFERS ($ref $(grep '^0 status' <<<"$r" | cut -d' ' -f3), ours $(grep '^0 status' <<<"$o" | cut -d' ' -f3))"
    return
  fi
  if [[ $ref == gdnsd ]] && grep -q ' CNAME ' <<<"$r" && [[ -z $(only_in "$r" "$o") ]]; then
    echo "expected: CNAME chased by ours"; return
  fi
  if [[ $(grep -v '^[23]' <<<"$r") == "$(grep -v '^[23]' <<<"$o")" ]]; then
    extra=$(only_in "$r" "$o")
    if [[ $ref == nsd && -z $(only_in "$o" "$r") ]] &&
       ! grep -qviE "^2 authority $ZONE\. [0-9]+ IN NS |^3 additional [^ ]+ [0-9]+ IN (A|AAAA) " <<<"$extra"; then
      echo "expected: NSD adds NS + addresses"; return
    fi
    if [[ $ref == gdnsd ]]; then
      echo "expected: authority/additional differ (minimal responses)"; return
    fi
  fi
  if [[ $(sed -E 's/ [0-9]+ IN / IN /' <<<"$r") == "$(sed -E 's/ [0-9]+ IN / IN /' <<<"$o")" ]]; then
    if [[ $ref == gdnsd ]]; then echo "expected: TTL only (gdnsd clamps SOA TTL to MINIMUM)"; else echo "TTL only"; fi
    return
  fi
  # 0x20-using resolvers check the question section; owner case in the answer is cosmetic
  if [[ ${r,,} == "${o,,}" ]]; then echo "case of names only"; return; fi
  echo "DIFFERS"
}

# Prints one line per query, the differing lines for every mismatch, and a summary per
# reference server. Does not stop the benchmark.
verify_answers() {
  local refs=(gdnsd) q name type opts ref o r label mark
  [[ -z $NSD_PID ]] || refs+=(nsd)
  declare -A same=() expected=() other=() rcode=() answer=()
  log "answer check: ${#VERIFY_QUERIES[@]} queries, ours vs ${refs[*]}"
  for q in "${VERIFY_QUERIES[@]}"; do
    read -r name type opts <<<"$q"
    for ref in ours "${refs[@]}"; do
      # shellcheck disable=SC2086  # opts is a list of dig flags
      answer[$ref]=$(normalized_answer "$(port_of "$ref")" "$name" "$type" $opts)
    done
    o=${answer[ours]}
    mark=same
    for ref in "${refs[@]}"; do [[ ${answer[$ref]} == "$o" ]] || mark=diff; done
    printf '  %-4s %s\n' "$mark" "$q"
    for ref in "${refs[@]}"; do
      r=${answer[$ref]}
      label=$(difference "$ref" "$r" "$o")
      case $label in
        same) same[$ref]=$((${same[$ref]:-0} + 1)); continue ;;
        '!!!'*) rcode[$ref]=$((${rcode[$ref]:-0} + 1)) ;;
        expected*|TTL*|case*) expected[$ref]=$((${expected[$ref]:-0} + 1)) ;;
        *) other[$ref]=$((${other[$ref]:-0} + 1)) ;;
      esac
      printf '       vs %-5s %s\n' "$ref:" "$label"
      diff <(echo "$r") <(echo "$o") | grep '^[<>]' \
        | sed -e "s/^</         $(printf '%-6s' "$ref:")/" -e 's/^>/         ours: /' || true
    done
  done
  for ref in "${refs[@]}"; do
    printf '  summary vs %-5s %d same, %d expected differences, %d other differences, %d rcode differences\n' \
      "$ref:" "${same[$ref]:-0}" "${expected[$ref]:-0}" "${other[$ref]:-0}" "${rcode[$ref]:-0}"
    if ((${rcode[$ref]:-0})); then
      printf '\n  !!!!!!!! %d QUERIES GET A DIFFERENT RCODE FROM OURS THAN FROM %s !!!!!!!!\n\n' \
        "${rcode[$ref]}" "${ref^^}"
    fi
  done
}

# ---------------------------------------------------------------- measurement

# A process and all its descendants, depth first (NSD: xfrd → main → server).
process_tree() {
  local p
  echo "$1"
  for p in $(pgrep -P "$1" || true); do process_tree "$p"; done
}

# "utime stime" in clock ticks, each summed over all threads of a process and its descendants.
cpu_ticks() {
  local user=0 sys=0 p stat fields
  for p in $(process_tree "$1"); do
    stat=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    read -r -a fields <<<"${stat##*) }"   # fields[0] is field 3 (state): comm may hold spaces
    user=$((user + fields[11])); sys=$((sys + fields[12]))
  done
  echo "$user $sys"
}

# "busy steal" clock ticks of the whole machine (/proc/stat: busy = user + nice + system).
box_ticks() {
  awk '$1 == "cpu" { print $2 + $3 + $4, $9 }' /proc/stat
}

# One dnsperf run; appends "server transport round qps lat_ms srv_us cli_us lost rcodes
# srv_user_us srv_sys_us other_pct steal_pct" to results.tsv. Client CPU comes from bash's
# `time` so the cost of dnsperf is visible too. other_pct = user+system CPU of every other
# process on the machine during the run, in % of one CPU, and steal_pct = CPU taken by the
# hypervisor: both say how quiet the run was.
measure() {
  local server=$1 port=$2 pid=$3 transport=$4 round=$5 secs=$6
  local out="$WORK/runs/$server-$transport-$round.txt" u0 s0 u1 s1 b0 st0 b1 st1 w0 cli qps lat ndone lost rcodes
  read -r u0 s0 < <(cpu_ticks "$pid")
  read -r b0 st0 < <(box_ticks)
  w0=$EPOCHREALTIME
  { TIMEFORMAT='%U %S'; time dnsperf -s 127.0.0.1 -p "$port" -m "$transport" -d "$WORK/queries.txt" \
      -c 4 -T 1 -l "$secs" >"$out" 2>&1; } 2>"$out.time"
  read -r b1 st1 < <(box_ticks)
  read -r u1 s1 < <(cpu_ticks "$pid")
  qps=$(awk '/Queries per second:/ {print $4}' "$out")
  lat=$(awk '/Average Latency \(s\):/ {printf "%.3f", $4 * 1000; exit}' "$out")
  ndone=$(awk '/Queries completed:/ {print $3}' "$out")
  lost=$(awk '/Queries lost:/ {print $3}' "$out")
  rcodes=$(awk -F': *' '/Response codes:/ {gsub(/ \([^)]*\)/, "", $2); gsub(/ /, "=", $2); gsub(/,=/, ",", $2); print $2}' "$out")
  [[ -n $qps && ${ndone:-0} -gt 0 ]] || { cat "$out" >&2; die "dnsperf against $server gave no result"; }
  cli=$(awk -v d="$ndone" '{printf "%.2f", ($1 + $2) * 1e6 / d}' "$out.time")
  awk -v server="$server" -v tr="$transport" -v r="$round" -v qps="$qps" -v lat="$lat" \
      -v du=$((u1 - u0)) -v ds=$((s1 - s0)) -v hz="$CLK_TCK" -v d="$ndone" -v cli="$cli" \
      -v lost="$lost" -v rc="$rcodes" -v db=$((b1 - b0)) -v dst=$((st1 - st0)) \
      -v wall="$(awk -v a="$w0" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')" -v clis="$(cat "$out.time")" \
      'BEGIN { us = 1e6 / hz / d; split(clis, c, " ")
               other = (db - du - ds) / hz - c[1] - c[2]; if (other < 0) other = 0
               printf "%s\t%s\t%s\t%.0f\t%s\t%.2f\t%s\t%s\t%s\t%.2f\t%.2f\t%.0f\t%.0f\n", server, tr, r, qps, lat,
                 (du + ds) * us, cli, lost, rc, du * us, ds * us, 100 * other / wall, 100 * dst / hz / wall }' \
    >>"$WORK/results.tsv"
  tail -n1 "$WORK/results.tsv" | awk -F'\t' '{printf "  %-5s %-3s round %s: %8d qps  %6s ms  server %5s us/q (user %s, sys %s)  dnsperf %5s us/q  lost %s  %s  other CPU %s%%  steal %s%%\n", $1, $2, $3, $4, $5, $6, $10, $11, $7, $8, $9, $12, $13}' >&2
}

# round_order ROUND SERVER...: the servers rotated by one every two rounds and reversed in
# every even round (ABC CBA BCA ACB CAB BAC for three; AB BA BA AB for two). Each pair of
# rounds gives every server the same mean position, so a load that drifts linearly hits all
# alike; over 2n rounds every server also goes first, and follows every other, equally often.
round_order() {
  local round=$1; shift
  local n=$# k i order=()
  k=$((((round - 1) / 2) % n))
  for ((i = 0; i < n; i++)); do order+=("${@:$(((k + i) % n + 1)):1}"); done
  if ((round % 2 == 0)); then
    for ((i = n - 1; i >= 0; i--)); do echo "${order[i]}"; done
  else
    printf '%s\n' "${order[@]}"
  fi
}

warm_up() {  # TRANSPORT SECONDS, against ours
  dnsperf -s 127.0.0.1 -p "$OURS_PORT" -m "$1" -d "$WORK/queries.txt" -c 4 -T 1 -l "$2" >/dev/null 2>&1
}

run_benchmark() {
  local transport round server
  : >"$WORK/results.tsv"
  for transport in $TRANSPORTS; do
    if [[ -n $OURS_PID ]] && ((ROUNDS > 0)); then
      # C2 compiles the transport's hot path during this; the result is thrown away.
      log "warm-up: ours, $transport, ${WARMUP}s"
      warm_up "$transport" "$WARMUP"
    fi
    for round in $(seq 1 "$ROUNDS"); do
      log "$transport round $round/$ROUNDS (${RUN_SECONDS}s per server)"
      # shellcheck disable=SC2046  # servers prints one word per line
      for server in $(round_order "$round" $(servers)); do
        measure "$server" "$(port_of "$server")" "$(pid_of "$server")" "$transport" "$round" "$RUN_SECONDS"
      done
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

# medcol SERVER TRANSPORT COLUMN FORMAT: the median of one results.tsv column.
medcol() {
  # shellcheck disable=SC2046
  median "$4" $(col "$1" "$2" "$3")
}

report() {
  local transport server q pair a b
  local row='| %-5s | %-3s | %-24s | %-10s | %-14s | %-15s | %-9s | %-9s | %-12s |\n'
  echo
  echo "DNS benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), ${RUN_SECONDS}s per run, $ROUNDS rounds, dnsperf -c 4 -T 1 (-q 100)"
  echo "nproc: $(nproc)   load average before: $LOAD_BEFORE   after: $LOAD_AFTER"
  echo "gdnsd $(dpkg-query -W -f='${Version}' gdnsd), nsd $(dpkg-query -W -f='${Version}' nsd 2>/dev/null || echo -)" \
    "($(nsd -v 2>&1 | awk 'NR == 1')), dnsperf $(dnsperf -h 2>&1 | awk '/^Version/ {print $2}'), $(java -version 2>&1 | awk 'NR == 1')"
  echo "ours: $OURS_STATUS${JAVA_OPTS:+ (JAVA_OPTS: $JAVA_OPTS)}   nsd: $NSD_STATUS"
  echo
  # shellcheck disable=SC2059  # the format is a variable on purpose
  printf "$row" server tr "qps per round" "qps median" "avg latency ms" "server CPU us/q" "user us/q" "sys us/q" "dnsperf us/q"
  printf '|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n' ------- ----- -------------------------- ------------ \
    ---------------- ----------------- ----------- ----------- --------------
  for transport in udp tcp; do
    for server in gdnsd nsd ours; do
      q=$(col "$server" "$transport" 4)
      # shellcheck disable=SC2059
      [[ -z $q ]] && { printf "$row" "$server" "$transport" pending - - - - - -; continue; }
      # shellcheck disable=SC2059
      printf "$row" "$server" "$transport" "$(echo "$q" | paste -sd/)" \
        "$(medcol "$server" "$transport" 4 %.0f)" "$(medcol "$server" "$transport" 5 %.3f)" \
        "$(medcol "$server" "$transport" 6 %.2f)" "$(medcol "$server" "$transport" 10 %.2f)" \
        "$(medcol "$server" "$transport" 11 %.2f)" "$(medcol "$server" "$transport" 7 %.2f)"
    done
  done
  echo
  for transport in udp tcp; do
    for pair in ours/gdnsd ours/nsd nsd/gdnsd; do
      a=${pair%/*} b=${pair#*/}
      [[ -n $(col "$a" "$transport" 4) && -n $(col "$b" "$transport" 4) ]] || continue
      awk -v p="$pair" -v t="$transport" \
          -v aq="$(medcol "$a" "$transport" 4 %.4f)" -v bq="$(medcol "$b" "$transport" 4 %.4f)" \
          -v ac="$(medcol "$a" "$transport" 6 %.4f)" -v bc="$(medcol "$b" "$transport" 6 %.4f)" \
          -v au="$(medcol "$a" "$transport" 10 %.4f)" -v bu="$(medcol "$b" "$transport" 10 %.4f)" \
          -v as="$(medcol "$a" "$transport" 11 %.4f)" -v bs="$(medcol "$b" "$transport" 11 %.4f)" \
        'function r(x, y) { return y > 0 ? sprintf("%.2f", x / y) : "-" }
         BEGIN { printf "ratio %-10s %s: qps %s, server CPU per query %s (user %s, system %s)\n",
                   p, t, r(aq, bq), r(ac, bc), r(au, bu), r(as, bs) }'
    done
  done
  echo
  awk -F'\t' '{ o[NR] = $12; s[NR] = $13; if ($12 > mo) mo = $12; if ($13 > ms) ms = $13; to += $12; ts += $13 }
    END { if (NR) printf "during the runs, other processes used %.0f %% of one CPU on average (at most %d %%), steal %.0f %% (at most %d %%)\n",
            to / NR, mo, ts / NR, ms }' "$WORK/results.tsv"
  echo
  echo "response codes per run (server transport round: rcode=count):"
  awk -F'\t' '{printf "  %s %s %s: %s  lost=%s\n", $1, $2, $3, $9, $8}' "$WORK/results.tsv"
}

# ---------------------------------------------------------------- profile (PROFILE=1)

# "tid<TAB>name<TAB>utime<TAB>stime" for every thread of a process (name = the 15-character
# kernel thread name; the JVM sets it from the Java thread name).
thread_ticks() {
  local t stat name fields
  for t in /proc/"$1"/task/*; do
    stat=$(cat "$t/stat" 2>/dev/null) || continue
    name=${stat#*(}; name=${name%) *}
    read -r -a fields <<<"${stat##*) }"
    printf '%s\t%s\t%s\t%s\n' "${t##*/}" "$name" "${fields[11]}" "${fields[12]}"
  done
}

# One more UDP run against ours under Java Flight Recorder (the JDK's profile settings with
# an execution sample every 1 ms per thread running Java code, allocation samples, GC events),
# after the measured rounds so JFR's own cost stays out of them. Turning JFR on makes the JVM
# recompile (instrumented JDK classes are redefined), so a first recording runs through a
# warm-up and the one written to $WORK/ours-udp.jfr (kept with KEEP=1) covers only the
# measured run. Prints the run's CPU split, CPU per thread (from /proc, so JIT, GC and
# kernel time are in) and bench/dns/jfr-summary.sh's digest of the recording.
profile_ours() {
  local jfr=$WORK/ours-udp.jfr ndone
  if ! command -v jcmd >/dev/null || ! command -v jfr >/dev/null; then
    log "PROFILE=1 needs jcmd and jfr from a JDK; skipped"
    return 0
  fi
  log "profile: ours, UDP, ${WARMUP}s warm-up and ${PROFILE_SECONDS}s recorded, under JFR"
  # The JDK's "profile" settings with a Java execution sample every 1 ms instead of 10 ms:
  # ours spends only a few µs per query in Java code, so 10 ms gives too few samples.
  jfr configure --input profile method-profiling=max allocation-profiling=high \
    --output "$WORK/bench.jfc" >>"$WORK/jfr.log" 2>&1 || { log "jfr configure failed; no profile"; return 0; }
  # JFR's disk repository would go to java.io.tmpdir (/tmp) otherwise.
  jfr_cmd JFR.configure repositorypath="$WORK/jfr-repository" || return 0
  jfr_cmd JFR.start name=bench-warm-up settings="$WORK/bench.jfc" || return 0
  warm_up udp "$WARMUP"
  jfr_cmd JFR.start name=bench settings="$WORK/bench.jfc" filename="$jfr" || return 0
  thread_ticks "$OURS_PID" >"$WORK/threads.before"
  measure ours+jfr "$OURS_PORT" "$OURS_PID" udp 1 "$PROFILE_SECONDS"
  thread_ticks "$OURS_PID" >"$WORK/threads.after"
  jfr_cmd JFR.stop name=bench || return 0
  jfr_cmd JFR.stop name=bench-warm-up || true
  ndone=$(awk '/Queries completed:/ {print $3}' "$WORK/runs/ours+jfr-udp-1.txt")
  echo
  echo "Profile: ours under UDP load with JFR on, ${PROFILE_SECONDS}s, $ndone queries"
  awk -F'\t' '$1 == "ours+jfr" {printf "  %s qps, server CPU %s us/q = user %s + system %s\n", $4, $6, $10, $11}' \
    "$WORK/results.tsv"
  echo "  CPU per query by thread (/proc/PID/task; threads of one name pooled):"
  awk -F'\t' -v d="$ndone" -v hz="$CLK_TCK" '
    NR == FNR { u0[$1] = $3; s0[$1] = $4; next }
    { u[$2] += $3 - u0[$1]; s[$2] += $4 - s0[$1] }
    END { for (n in u) if (u[n] + s[n] > 0)
            printf "%.3f\t%-16s user %6.3f  system %6.3f us/q\n", (u[n] + s[n]) * 1e6 / hz / d, n,
              u[n] * 1e6 / hz / d, s[n] * 1e6 / hz / d }' \
    "$WORK/threads.before" "$WORK/threads.after" | sort -gr | awk -F'\t' 'NR <= 8 { print "    " $2 }'
  "$HERE"/jfr-summary.sh "$jfr" "$ndone"
}

# jfr_cmd ARG...: jcmd against ours; on failure shows why and returns 1.
jfr_cmd() {
  jcmd "$OURS_PID" "$@" >>"$WORK/jfr.log" 2>&1 && return 0
  tail -n 5 "$WORK/jfr.log" >&2
  log "jcmd $1 failed; no profile"
  return 1
}

# ---------------------------------------------------------------- main

main() {
  [[ $RUN_SECONDS =~ ^[0-9]+$ && $RUN_SECONDS -gt 0 ]] || die "usage: $0 [seconds per run]"
  ensure_packages
  [[ $SKIP_OURS == 1 ]] || ensure_jar
  pick_port GDNSD_PORT
  pick_port OURS_PORT
  pick_port NSD_PORT
  pick_port ADMIN_PORT
  WORK=$(mktemp -d /tmp/dns-bench.XXXXXX)
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  generate_inputs
  LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
  start_gdnsd
  if [[ $SKIP_NSD == 1 ]]; then
    NSD_STATUS="skipped (SKIP_NSD=1)"
  elif ! start_nsd; then
    printf '\n!!! NSD is not answering; measuring without it. %s\n\n' "$NSD_STATUS" >&2
  fi
  if [[ $SKIP_OURS == 1 ]]; then
    OURS_STATUS="skipped (SKIP_OURS=1)"
  elif ! start_ours; then
    printf '\n!!! our daemon is not answering; measuring the others only. %s\n\n' "$OURS_STATUS" >&2
  fi
  if [[ -n $OURS_PID ]]; then verify_answers; fi
  run_benchmark
  LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
  report
  if [[ $PROFILE == 1 && -n $OURS_PID ]]; then profile_ours; fi
  # exit 1 when ours or NSD was wanted but not measured
  [[ -n $OURS_PID || $SKIP_OURS == 1 ]] && [[ -n $NSD_PID || $SKIP_NSD == 1 ]]
}

main "$@"
