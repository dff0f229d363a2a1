#!/usr/bin/env bash
# bench/dns/jfr-summary.sh RECORDING.jfr QUERIES — digest of a JFR recording of our daemon under
# DNS load (bench/dns.sh PROFILE=1 makes one): where its Java CPU goes, what it allocates per
# query, how often GC ran. QUERIES = queries answered during the recording. Needs `jfr` (JDK 17+).
#
#   - execution samples (jdk.ExecutionSample: a thread's Java frames while it runs Java code;
#     time inside system calls and the JVM's own threads is not sampled: bench/dns.sh prints
#     the /proc user/system split and CPU per thread for that): by thread, self time by
#     component (Netty, JDK, ours, dnsjava) and by method, by nearest frame of ours, and our
#     methods inclusive;
#   - allocation per query: exact bytes per thread from jdk.ThreadAllocationStatistics (its
#     first and last value in the recording), where it goes by class and allocation site from
#     jdk.ObjectAllocationSample weights (an estimate);
#   - GC: jdk.GarbageCollection count, kinds and pauses.
# Knob: TOP [12] lines per list. (Lists are cut by awk, not head: head exiting early would
# kill sort with SIGPIPE, which pipefail turns into a failure.)
set -euo pipefail
export LC_ALL=C

RECORDING=${1:?usage: $0 RECORDING.jfr QUERIES}
QUERIES=${2:?usage: $0 RECORDING.jfr QUERIES}
TOP=${TOP:-12}
TMP=$(mktemp -d /tmp/jfr-summary.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# One line per event: thread, object class, weight in bytes, then the frames top first as
# Class.method (arguments and line numbers dropped), tab-separated. `jfr print` writes sizes
# as "13.2 MB" with 1024-based units.
flatten() {
  jfr print --events "$1" --stack-depth 64 "$RECORDING" | awk '
    function bytes(v, u) { return v * (u ~ /^kB/ ? 1024 : u ~ /^MB/ ? 1048576 : u ~ /^GB/ ? 1073741824 : 1) }
    function flush() { if (open) print thr "\t" cls "\t" w "\t" fr; open = 0 }
    /^jdk\./ { flush(); open = 1; thr = ""; cls = ""; w = 0; fr = ""; next }
    /^  (sampledThread|eventThread) = / { thr = $0; sub(/^[^"]*"/, "", thr); sub(/".*/, "", thr); next }
    /^  objectClass = / { cls = $0; sub(/^  objectClass = /, "", cls); sub(/ \(classLoader.*/, "", cls); next }
    /^  weight = / { w = bytes($3, $4); next }
    /^    [^ ]/ { f = $0; sub(/^ +/, "", f); if (f == "...") next; sub(/\(.*/, "", f)
                  fr = fr (fr == "" ? "" : "\t") f; next }
    END { flush() }'
}

flatten jdk.ExecutionSample >"$TMP/exec.tsv"
flatten jdk.ObjectAllocationSample >"$TMP/alloc.tsv"

# top N [TOTAL]: "amount<TAB>label" lines summed by label, largest first, as percent of the
# total and, with TOTAL (bytes per query), as that share of TOTAL too.
top() {
  awk -F'\t' -v total="${2:-0}" '{ c[$2] += $1; t += $1 }
    END { for (k in c) printf "%.1f\t%s\t%s\n", 100 * c[k] / t, (total ? sprintf("%7.1f B/q", total * c[k] / t) : ""), k }' \
    | sort -t$'\t' -k1,1gr | awk -F'\t' -v n="$1" 'NR <= n { printf "    %5.1f %%  %s%s\n", $1, $2 ($2 == "" ? "" : "  "), $3 }'
}

COMPONENT='
function component(f) {
  if (f ~ /^io\.netty\./) return "Netty"
  if (f ~ /^org\.xbill\./) return "dnsjava"
  if (f ~ /^org\.webplatform\./) return "ours"
  if (f ~ /^(java|javax|jdk|sun)\./) return "JDK"
  return "other"
}
function ours(i) {
  for (i = 4; i <= NF; i++) if ($i ~ /^org\.webplatform\./) return $i
  return "(no frame of ours: Netty event loop)"
}'

samples=$(wc -l <"$TMP/exec.tsv")
echo "  JFR execution samples (Java code on CPU; system calls not included): $samples"
if ((samples > 0)); then
  echo "  by thread:"
  awk -F'\t' '{ print 1 "\t" $1 }' "$TMP/exec.tsv" | top 4
  echo "  self time by component:"
  awk -F'\t' "$COMPONENT"' { print 1 "\t" component($4) }' "$TMP/exec.tsv" | top 6
  echo "  self time by method (top frame):"
  awk -F'\t' '{ print 1 "\t" $4 }' "$TMP/exec.tsv" | top "$TOP"
  echo "  self time by nearest frame of ours (who in our code led there):"
  awk -F'\t' "$COMPONENT"' { print 1 "\t" ours() }' "$TMP/exec.tsv" | top "$TOP"
  echo "  our methods, inclusive (share of samples with the method on the stack):"
  awk -F'\t' -v t="$samples" '{ delete seen; for (i = 4; i <= NF; i++)
      if ($i ~ /^org\.webplatform\./ && !($i in seen)) { seen[$i] = 1; c[$i]++ } }
    END { for (k in c) printf "%.1f\t%s\n", 100 * c[k] / t, k }' "$TMP/exec.tsv" \
    | sort -t$'\t' -k1,1gr | awk -F'\t' -v n="$TOP" 'NR <= n { printf "    %5.1f %%  %s\n", $1, $2 }'
fi

# Exact: the per-thread allocation counters at the recording's start and end. The JSON form
# keeps raw byte counts ("allocated" comes before the thread in each event).
jfr print --json --events jdk.ThreadAllocationStatistics "$RECORDING" | awk -v q="$QUERIES" '
  /"allocated":/ { a = $2; sub(/,$/, "", a) }
  /"javaName":/  { n = $0; sub(/.*"javaName": "/, "", n); sub(/".*/, "", n)
                   if (!(n in lo) || a + 0 < lo[n]) lo[n] = a + 0; if (a + 0 > hi[n]) hi[n] = a + 0 }
  END { for (n in lo) if (hi[n] > lo[n]) printf "%.1f\t%s\n", (hi[n] - lo[n]) / q, n }' \
  | sort -gr >"$TMP/threads.tsv"
per_query=$(awk -F'\t' '{ t += $1 } END { printf "%.1f", t }' "$TMP/threads.tsv")
echo "  allocation (jdk.ThreadAllocationStatistics, all Java threads): $per_query bytes per query"
awk -F'\t' 'NR <= 4 { printf "    %7.1f B/q  %s\n", $1, $2 }' "$TMP/threads.tsv"

if [[ -s $TMP/alloc.tsv ]]; then
  echo "  what is allocated: $(wc -l <"$TMP/alloc.tsv") jdk.ObjectAllocationSample events, shares of their" \
    "weights (an estimate), B/q = share of the exact figure above"
  echo "  by class:"
  awk -F'\t' '{ print $3 "\t" $2 }' "$TMP/alloc.tsv" | top "$TOP" "$per_query"
  echo "  by class and site (first frame outside the JDK, nearest frame of ours):"
  awk -F'\t' "$COMPONENT"' { s = "?"; for (i = 4; i <= NF; i++) if (component($i) != "JDK") { s = $i; break }
      print $3 "\t" $2 " <- " s " <- " ours() }' "$TMP/alloc.tsv" | top "$TOP" "$per_query"
fi

jfr print --events jdk.GarbageCollection "$RECORDING" | awk '
  function ms(v, u) { return v * (u ~ /^ns/ ? 1e-6 : u ~ /^(us|µs)/ ? 1e-3 : u ~ /^ms/ ? 1 : u ~ /^s/ ? 1000 : 60000) }
  /^jdk\.GarbageCollection/ { n++ }
  /^  name = / { k = $3; gsub(/"/, "", k); kinds[k]++ }
  /^  sumOfPauses = / { p += ms($3, $4) }
  END { s = ""; for (k in kinds) s = s " " k "=" kinds[k]
        printf "  GC (jdk.GarbageCollection): %d collections%s, pauses %.1f ms in all\n", n, (n ? " (" substr(s, 2) ")" : ""), p }'
