#!/usr/bin/env bash
# bench/rsync.sh — our rsync daemon against stock `rsync --daemon`, side by side on loopback.
#
#   bench/rsync.sh            # 3 rounds (median reported)
#   ROUNDS=5 bench/rsync.sh
#
# What it does (method: bench/RESULTS.md "## rsync", background: notes/rsync-protocol.md §9):
#   1. generates one tree (100 dirs x 20 files of 1-16 KiB + 3 x 100 MiB, random, fixed seed);
#   2. starts stock `rsync --daemon --no-detach` and ours on high loopback ports, same tree;
#   3. per round and server, pulls with the stock client into a tmpfs destination:
#      full pull (empty destination), no-change re-pull, delta pull (1 MiB rewritten in the
#      middle of one 100 MiB file, mtime moved);
#   4. prints the median wall time of each, the ratio ours/stock and the bytes received.
# Everything it starts is stopped on exit; nothing is written outside the temp dirs.
#
# Ours runs as (OURS=test, default) the test main org.webplatform.appliance.rsync.BenchServer
# from the rsync-server module, or (OURS=jar) `java -jar daemon/target/appliance.jar run` with
# an `rsync:` config section (the daemon runs the role; the jar is built if missing).
#
# Environment knobs (defaults in brackets):
#   ROUNDS [3] STOCK_PORT [18873] OURS_PORT [18874] OURS [test|jar] READY_DEADLINE [60 s]
#   SRCROOT [/dev/shm: where the source tree is generated; see below]
#   WARMUP [2 rounds of all scenarios per server] JAVA_OPTS [-Xmx1g] KEEP [0; 1 = keep temp dirs]
set -euo pipefail
export LC_ALL=C

ROUNDS=${ROUNDS:-3}
STOCK_PORT=${STOCK_PORT:-18873}
OURS_PORT=${OURS_PORT:-18874}
OURS=${OURS:-test}
READY_DEADLINE=${READY_DEADLINE:-60}
JAVA_OPTS=${JAVA_OPTS:--Xmx1g}
KEEP=${KEEP:-0}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERE=$REPO/bench/rsync
JAR=$REPO/daemon/target/appliance.jar
command -v rsync >/dev/null || { echo "rsync is required (apt-get install rsync)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/rsync-bench.XXXXXX)
DSTROOT=$(mktemp -d /dev/shm/rsync-bench-dst.XXXXXX 2>/dev/null || mktemp -d /tmp/rsync-bench-dst.XXXXXX)
SRCDIR=""
STOCK_PID=""
OURS_PID=""
cleanup() {
  [ -n "$STOCK_PID" ] && kill "$STOCK_PID" 2>/dev/null || true
  [ -n "$OURS_PID" ] && kill "$OURS_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$DSTROOT" "$SRCDIR"
  if [ "$KEEP" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# The source tree lives on tmpfs by default. On this VM a DAMON "pageout" scheme
# (/sys/kernel/mm/damon/admin/kdamonds/0) evicts page cache that has not been touched for a
# moment, so a tree on disk was sometimes read from the disk in the middle of a run: delta
# rounds of either server took 0.4 s or 0.85 s at random. tmpfs pages cannot be paged out
# without swap, so both servers always read from memory.
SRCROOT=${SRCROOT:-$( [ -d /dev/shm ] && echo /dev/shm || echo /tmp )}
SRCDIR=$(mktemp -d "$SRCROOT/rsync-bench-src.XXXXXX")
SRC=$SRCDIR/tree
echo "== generating tree in $SRC"
python3 "$HERE/gen-tree.py" "$SRC"
echo "   $(find "$SRC" -type f | wc -l) files, $(du -sm "$SRC" | cut -f1) MiB"

# --- stock daemon -------------------------------------------------------------------------
cat >"$WORK/rsyncd.conf" <<CONF
pid file = $WORK/rsyncd.pid
use chroot = no
uid = root
gid = root
timeout = 300
[bench]
    path = $SRC
    read only = yes
    comment = bench tree
CONF
rsync --daemon --no-detach --address=127.0.0.1 --port="$STOCK_PORT" --config="$WORK/rsyncd.conf" \
  --log-file="$WORK/rsyncd.log" &
STOCK_PID=$!

# --- ours ---------------------------------------------------------------------------------
if [ "$OURS" = jar ]; then
  [ -f "$JAR" ] || (cd "$REPO" && flock /tmp/mvn.lock mvn -B -q -o -DskipTests package)
  cat >"$WORK/appliance.yaml" <<YAML
modules: [rsync-server]
rsync:
  listen: ["127.0.0.1:$OURS_PORT"]
  timeout: 300s
  modules:
    bench:
      path: $SRC
      comment: bench tree
YAML
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$JAR" run --config "$WORK/appliance.yaml" >"$WORK/ours.log" 2>&1 &
  OURS_PID=$!
else
  (cd "$REPO" && flock /tmp/mvn.lock mvn -B -q -o -pl config install -DskipTests \
    && flock /tmp/mvn.lock mvn -B -q -o -pl rsync-server test-compile \
    && flock /tmp/mvn.lock mvn -B -q -o -pl rsync-server dependency:build-classpath \
         -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test)
  CP=$REPO/rsync-server/target/classes:$REPO/rsync-server/target/test-classes:$(cat "$WORK/cp.txt")
  mkfifo "$WORK/ours.stdin"
  # shellcheck disable=SC2086
  java $JAVA_OPTS -cp "$CP" org.webplatform.appliance.rsync.BenchServer "$OURS_PORT" bench "$SRC" \
    <"$WORK/ours.stdin" >"$WORK/ours.log" 2>&1 &
  OURS_PID=$!
  exec 9>"$WORK/ours.stdin"   # keeps ours running until the script exits
fi

wait_ready() {  # port
  local deadline=$((SECONDS + READY_DEADLINE))
  until rsync "rsync://127.0.0.1:$1/" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { echo "server on port $1 not ready" >&2; cat "$WORK"/*.log >&2; exit 1; }
    sleep 0.2
  done
}
wait_ready "$STOCK_PORT"
wait_ready "$OURS_PORT"
echo "== servers ready: stock rsyncd :$STOCK_PORT ($(rsync --version | head -1)), ours :$OURS_PORT ($OURS)"

now() { date +%s.%N; }
# pull PORT DST -> prints "seconds bytes_received"
pull() {
  local t0 t1 out
  t0=$(now)
  out=$(rsync -a --stats "rsync://127.0.0.1:$1/bench/" "$2/")
  t1=$(now)
  echo "$(echo "$t1 - $t0" | bc -l) $(echo "$out" | awk -F': ' '/Total bytes received/ {gsub(/[,.]/, "", $2); print $2+0}')"
}

change_big1() {  # round tag: 1 MiB of new data at 50 MiB into big1.bin, new mtime
  head -c 1048576 /dev/urandom | dd of="$SRC/big1.bin" bs=1M seek=50 conv=notrunc status=none
  touch -d "@$((1700000000 + $1))" "$SRC/big1.bin"
}

# Warm-up, not measured: page cache for both, and for ours the JIT (a daemon runs warm).
# Each server does every scenario WARMUP [2] times.
for ((w = 0; w < ${WARMUP:-2}; w++)); do
  for port in "$STOCK_PORT" "$OURS_PORT"; do
    rm -rf "$DSTROOT/warm"
    pull "$port" "$DSTROOT/warm" >/dev/null
    pull "$port" "$DSTROOT/warm" >/dev/null
    change_big1 $((900 + w * 2 + port % 2))
    pull "$port" "$DSTROOT/warm" >/dev/null
  done
done
rm -rf "$DSTROOT/warm"

declare -A T B
LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
round=0
while [ $round -lt "$ROUNDS" ]; do
  round=$((round + 1))
  # ABBA: the order alternates, so a load that drifts during the run hits both alike.
  order="stock ours"; [ $((round % 2)) -eq 0 ] && order="ours stock"
  for who in $order; do
    port=$STOCK_PORT; [ $who = ours ] && port=$OURS_PORT
    dst=$DSTROOT/$who
    rm -rf "$dst"
    read -r t b < <(pull "$port" "$dst"); T[$who,full]+="$t "; B[$who,full]=$b
    read -r t b < <(pull "$port" "$dst"); T[$who,nochange]+="$t "; B[$who,nochange]=$b
    # 1 MiB of new data at 50 MiB into big1.bin, new mtime: the next pull is a delta.
    change_big1 $((round * 10 + ${#who}))
    read -r t b < <(pull "$port" "$dst"); T[$who,delta]+="$t "; B[$who,delta]=$b
    # Correctness: the destination equals the source (content and metadata).
    if [ -n "$(rsync -anic --delete "$SRC/" "$dst/")" ]; then
      echo "MISMATCH after $who round $round" >&2; exit 1
    fi
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
minimum() { tr ' ' '\n' | grep -v '^$' | sort -g | head -1; }
# Median of the per-round ratios: each round's two pulls ran back to back (ABBA), so a round
# slowed by the VM (memory handed back to the host and faulted in again, steal) slows both.
paired() { paste -d/ <(echo "$2" | tr ' ' '\n' | grep -v '^$') <(echo "$1" | tr ' ' '\n' | grep -v '^$') \
  | bc -l | median; }
echo
echo "== $(date -u +%Y-%m-%dT%H:%MZ), $ROUNDS rounds, wall seconds (stock client $(rsync --version | head -1 | awk '{print $3}')), load average $LOAD_BEFORE before, $(cut -d' ' -f1 /proc/loadavg) after"
for s in full nochange delta; do
  printf '   rounds %-8s stock %s| ours %s\n' "$s" "$(printf '%.3f ' ${T[stock,$s]})" \
    "$(printf '%.3f ' ${T[ours,$s]})" >&2
done
printf '%-10s %8s %8s %6s %8s %8s %6s %7s %12s %12s\n' scenario stock_md ours_md ratio \
  stock_mn ours_mn ratio paired stock_bytes ours_bytes
for s in full nochange delta; do
  ts=$(echo "${T[stock,$s]}" | median); to=$(echo "${T[ours,$s]}" | median)
  ms=$(echo "${T[stock,$s]}" | minimum); mo=$(echo "${T[ours,$s]}" | minimum)
  printf '%-10s %8.3f %8.3f %6.2f %8.3f %8.3f %6.2f %7.2f %12s %12s\n' "$s" "$ts" "$to" \
    "$(echo "$to / $ts" | bc -l)" "$ms" "$mo" "$(echo "$mo / $ms" | bc -l)" \
    "$(paired "${T[stock,$s]}" "${T[ours,$s]}")" "${B[stock,$s]}" "${B[ours,$s]}"
done
