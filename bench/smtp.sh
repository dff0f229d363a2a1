#!/usr/bin/env bash
# SMTP relay benchmark: smtp-source -> relay -> smtp-sink, end to end, for Postfix (its own
# instance, fsync'd queue) and for our smtp-relay role. Loopback only; see bench/RESULTS.md.
#
#   sudo bench/smtp.sh                 # 20 sessions, 20000 messages of 2000 bytes
#   MSGS=5000 bench/smtp.sh            # fewer messages
#   SKIP_POSTFIX=1 / SKIP_OURS=1       # one side only
#   SKIP_DKIM=1                        # without the DKIM rows (Postfix + OpenDKIM, ours + DKIM)
#
# Knobs: MSGS (20000), WARMUP (5000: messages per JIT warm-up round of ours), WARMUP_ROUNDS (10),
# SESSIONS (20), SIZE (2000), PF_PORT (12525), OURS_PORT (12526), SINK_PORT (12527),
# ADMIN_PORT (12528), MILTER_PORT (12529), KEEP=1 keeps the temp dir,
# SPOOL_FS (ext4: both queues on a loop-mounted ext4 with a journal; tmp: in /tmp as it is),
# PERF=1 adds system-wide syscalls and fsyncs per message (perf stat) to each row,
# OURS_JAVA_OPTS (the package's JAVA_OPTS),
# PAIRS (5): rounds of Postfix and ours + DKIM measured alternately at the end (see paired_rounds).
# Needs postfix (smtp-source, smtp-sink), opendkim + opendkim-tools (DKIM rows) and Java 17.
# DKIM rows: one RSA-2048 key from opendkim-genkey (PKCS#8) signs for both, relaxed/simple,
# From over-signed; before each timed DKIM run 3 messages are dumped by smtp-sink and their
# signatures checked with dkimpy (python3-dkim), so a run that signs nothing cannot pass.
# Ours runs as `java -jar daemon/target/appliance.jar run --config CFG` when the daemon knows the
# smtp-relay module, otherwise through the module's test main (RelayMain).
set -euo pipefail

MSGS=${MSGS:-20000}
PAIRS=${PAIRS:-5}
# Ours runs with the JVM options the Debian package ships (/etc/default/appliance), unless given.
OURS_JAVA_OPTS=${OURS_JAVA_OPTS:-$(sed -n 's/^JAVA_OPTS="\(.*\)"$/\1/p' \
  "$(dirname "$0")/../packaging/src/deb/etc/default/appliance")}
WARMUP=${WARMUP:-5000}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-10}
SESSIONS=${SESSIONS:-20}
SIZE=${SIZE:-2000}
PF_PORT=${PF_PORT:-12525}
OURS_PORT=${OURS_PORT:-12526}
SINK_PORT=${SINK_PORT:-12527}
ADMIN_PORT=${ADMIN_PORT:-12528}
MILTER_PORT=${MILTER_PORT:-12529}
MVN=${MVN:-mvn}   # e.g. MVN="flock /tmp/mvn.lock mvn" when other builds share the repository
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE="$ROOT/bench/smtp"

need() { command -v "$1" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "$1" >/dev/null 2>&1; }
export PATH="$PATH:/usr/sbin:/sbin"
if ! need smtp-source || ! need postfix; then
  echo "installing postfix (smtp-source, smtp-sink)..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postfix >/dev/null
fi
if [ -z "${SKIP_DKIM:-}" ] && { ! need opendkim || ! need opendkim-genkey ||
    [ ! -f /usr/lib/python3/dist-packages/dkim/__init__.py ]; }; then
  echo "installing opendkim opendkim-tools python3-dkim..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q opendkim opendkim-tools python3-dkim \
    >/dev/null
fi

DIR=$(mktemp -d /tmp/smtp-bench.XXXXXX)
# Both queues (everything in $DIR) on a fresh ext4 file system *with* a journal, as a mail VM's
# /var has, on a loop device with direct I/O (an fsync still reaches the disk). This VM's root
# file system has no journal, and without one ext4 skips every inode freed in the last minutes
# when it allocates one (recently_deleted() in fs/ext4/ialloc.c): a relay that creates and
# unlinks files per message (Postfix: 5 unlinks) gets slower with every round of a run, which
# measured the file system, not the relay. SPOOL_FS=tmp keeps the temp dir where it is.
LOOP=""
if [ "${SPOOL_FS:-ext4}" = ext4 ]; then
  truncate -s 4G "$DIR.img"
  mkfs.ext4 -q -F "$DIR.img"
  LOOP=$(losetup -f --show --direct-io=on "$DIR.img")
  mount "$LOOP" "$DIR"
fi
chmod 755 "$DIR"
SINK_PID=""; OURS_PID=""; PF_UP=""; MILTER_PID=""
cleanup() {
  [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null || true
  [ -n "$MILTER_PID" ] && kill "$MILTER_PID" 2>/dev/null || true
  [ -n "$OURS_PID" ] && { kill "$OURS_PID" 2>/dev/null; wait "$OURS_PID" 2>/dev/null; } || true
  [ -n "$PF_UP" ] && postfix -c "$DIR/pf-conf" stop >/dev/null 2>&1 || true
  if [ -n "$LOOP" ]; then
    for _ in $(seq 40); do umount "$DIR" 2>/dev/null && break; sleep 0.25; done
    mountpoint -q "$DIR" && umount -l "$DIR"
    losetup -d "$LOOP" 2>/dev/null || true
    if [ -z "${KEEP:-}" ]; then rm -f "$DIR.img"; else echo "kept $DIR.img (mount -o loop)" >&2; fi
  fi
  if [ -z "${KEEP:-}" ]; then rm -rf "$DIR"; elif [ -z "$LOOP" ]; then echo "kept $DIR" >&2; fi
}
trap cleanup EXIT

now() { date +%s.%N; }

# wait_port HOST PORT [TENTHS]: true once HOST:PORT accepts a connection (default 10 s).
wait_port() {
  local _
  for _ in $(seq "${3:-100}"); do (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

# pf_start / pf_stop: the bench's own Postfix instance ($DIR/pf-conf), started and listening.
pf_start() {
  postfix -c "$DIR/pf-conf" start >"$DIR/pf-start.out" 2>&1 || { cat "$DIR/pf-start.out" >&2; exit 1; }
  PF_UP=1
  wait_port 127.0.0.1 "$PF_PORT" || true
}
pf_stop() { postfix -c "$DIR/pf-conf" stop >/dev/null 2>&1 || true; PF_UP=""; }

# smtp-sink -c prints running counters ("sess=N quit=N mesg=N"); wait for mesg=$1 (300 s max).
# start_sink [DUMP_DIR]: with a directory, every message is also dumped there (checks only).
start_sink() {
  : > "$DIR/sink.out"
  local dump=()
  if [ -n "${1:-}" ]; then mkdir -p "$1"; chmod 777 "$1"; dump=(-d "$1/%M."); fi
  smtp-sink -u nobody -c "${dump[@]}" "127.0.0.2:$SINK_PORT" 1024 > "$DIR/sink.out" 2>&1 &
  SINK_PID=$!
  wait_port 127.0.0.2 "$SINK_PORT" && return
  echo "smtp-sink did not start" >&2; exit 1
}
sink_count() {
  local n
  n=$(tr '\r' '\n' < "$DIR/sink.out" | grep -Eo 'mesg=[0-9]+' | tail -1 | cut -d= -f2)
  echo "${n:-0}"
}
wait_sink() {
  local want=$1 deadline=$(( $(date +%s) + 300 ))
  while [ "$(sink_count)" -lt "$want" ]; do
    [ "$(date +%s)" -gt "$deadline" ] && { echo "sink saw only $(sink_count)/$want" >&2; return 1; }
    sleep 0.05
  done
}
stop_sink() { kill "$SINK_PID" 2>/dev/null || true; wait "$SINK_PID" 2>/dev/null || true; SINK_PID=""; }

# CPU accounting, so that a figure on the shared 2-vCPU box can be trusted: box_snap prints the
# box's user, system and idle clock ticks (/proc/stat: user+nice, system+irq+softirq,
# idle+iowait); tree_snap PID... prints "pid utime stime" for each PID and its children (Postfix's
# master and the daemons it runs; our JVM with all its threads).
box_snap() { awk '$1 == "cpu" { print $2 + $3, $4 + $7 + $8, $5 + $6; exit }' /proc/stat; }
tree_snap() {
  local pid
  for pid in "$@" $(for p in "$@"; do cat "/proc/$p/task/$p/children" 2>/dev/null; done); do
    # Fields after the ")" of the command name: utime is the 12th, stime the 13th.
    { sed -e 's/^.*) //' "/proc/$pid/stat" 2>/dev/null || true; } |
      awk -v p="$pid" '{ print p, $12, $13 }'
  done
}
# jit_ticks PID: CPU clock ticks used so far by the JVM's C2 compiler threads.
jit_ticks() {
  local t
  for t in /proc/"$1"/task/*; do
    if [ "$(cat "$t/comm" 2>/dev/null)" = "C2 CompilerThre" ]; then
      sed -e 's/^.*) //' "$t/stat" 2>/dev/null || true
    fi
  done | awk '{ s += $12 + $13 } END { print s + 0 }'
}
# SERVER_PIDS: the relay's processes for the current run (empty: no server CPU column).
SERVER_PIDS=""

# run NAME PORT: smtp-source into PORT, prints "NAME inject_rate end_to_end_rate", then the box's
# busy share and CPU per message (user/system ms, smtp-source and smtp-sink included), and the
# relay's own CPU per message when SERVER_PIDS is set. CLK_TCK ticks per second.
run() {
  local name=$1 port=$2
  start_sink
  local t0 t1 t2 box0 box1 srv0="" srv1=""
  box0=$(box_snap)
  [ -n "$SERVER_PIDS" ] && srv0=$(tree_snap $SERVER_PIDS)
  local perf_pid=""
  if [ -n "${PERF:-}" ]; then
    # System-wide syscall and fsync counts (smtp-source and smtp-sink included in syscalls).
    perf stat -a -x, -o "$DIR/$name-perf.csv" -e raw_syscalls:sys_enter \
      -e syscalls:sys_enter_fsync -e syscalls:sys_enter_fdatasync -e syscalls:sys_enter_rename \
      -e syscalls:sys_enter_unlink -e syscalls:sys_enter_openat sleep 100000 2>/dev/null &
    perf_pid=$!
    sleep 0.5
  fi
  t0=$(now)
  smtp-source -s "$SESSIONS" -m "$MSGS" -l "$SIZE" -f bench@anchor.test -t sink@remote.test \
    "127.0.0.1:$port" > "$DIR/$name-source.out" 2>&1
  t1=$(now)
  wait_sink "$MSGS"
  t2=$(now)
  box1=$(box_snap)
  [ -n "$SERVER_PIDS" ] && srv1=$(tree_snap $SERVER_PIDS)
  stop_sink
  local sys=""
  if [ -n "$perf_pid" ]; then
    pkill -INT -P "$perf_pid" sleep 2>/dev/null || true
    wait "$perf_pid" 2>/dev/null || true
    sys=$(awk -F, -v n="$MSGS" '$3 ~ /sys_enter/ { sub(/.*:(sys_enter_)?/, "", $3);
      printf " %s=%.1f", $3, $1 / n } END { printf " /msg" }' "$DIR/$name-perf.csv")
  fi
  local srv="server_cpu=n/a"
  if [ -n "$SERVER_PIDS" ]; then
    srv=$(printf '%s\n---\n%s\n' "$srv0" "$srv1" | awk -v n="$MSGS" -v hz="$(getconf CLK_TCK)" '
      $1 == "---" { after = 1; next }
      !after { u0[$1] = $2; s0[$1] = $3; next }
      { u += $2 - u0[$1]; s += $3 - s0[$1] }
      END { printf "server_cpu=%.2f+%.2f ms/msg", u * 1000 / hz / n, s * 1000 / hz / n }')
  fi
  awk -v n="$MSGS" -v a="$t0" -v b="$t1" -v c="$t2" -v name="$name" -v x="$box0" -v y="$box1" \
    -v hz="$(getconf CLK_TCK)" -v srv="$srv" 'BEGIN {
      split(x, p); split(y, q); u = q[1] - p[1]; s = q[2] - p[2]; i = q[3] - p[3]
      printf "%s inject=%.0f msg/s end_to_end=%.0f msg/s (%.1f s) box_busy=%.0f%% box_cpu=%.2f+%.2f ms/msg %s\n",
        name, n/(b-a), n/(c-a), c-a, 100 * (u + s) / (u + s + i), u * 1000 / hz / n,
        s * 1000 / hz / n, srv }' | tr -d '\n'
  echo "$sys"
}

# check_signed NAME PORT: 3 messages through PORT into a dumping sink; every one must carry a
# DKIM-Signature that dkimpy verifies against the key record in $DIR/dkim/s1.txt.
check_signed() {
  local name=$1 port=$2 dump="$DIR/dump-$1"
  start_sink "$dump"
  smtp-source -s 1 -m 3 -l "$SIZE" -f bench@anchor.test -t sink@remote.test \
    "127.0.0.1:$port" > "$DIR/$name-check.out" 2>&1
  wait_sink 3
  stop_sink
  /usr/bin/python3 - "$DIR/dkim/s1.txt" "$dump"/* <<'PY' || { echo "$name: DKIM check failed" >&2; exit 1; }
import re, sys, dkim
txt = "".join(re.findall(r'"([^"]*)"', open(sys.argv[1]).read())).encode()
ok = 0
for path in sys.argv[2:]:
    raw = open(path, "rb").read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if dkim.DKIM(raw).verify(dnsfunc=lambda name, timeout=5: txt):
        ok += 1
print(f"dkim check: {ok}/{len(sys.argv) - 2} messages verified by dkimpy", file=sys.stderr)
sys.exit(0 if ok == len(sys.argv) - 2 and ok > 0 else 1)
PY
}

# unmeasured COUNT NAME PORT: a run of COUNT messages whose figures are thrown away (warm-up).
unmeasured() {
  local save=$MSGS; MSGS=$1; run "$2" "$3" >/dev/null; MSGS=$save
}

# Postfix has no JIT: MSGS/10 messages first only start its smtpd and smtp processes.
pf_warmup() { unmeasured $(( MSGS / 10 )) postfix-warmup "$1"; }

results=()
if [ -z "${SKIP_DKIM:-}" ]; then
  mkdir -p "$DIR/dkim"
  opendkim-genkey -b 2048 -d anchor.test -s s1 -D "$DIR/dkim"
  chmod 600 "$DIR/dkim/s1.private"
fi

if [ -z "${SKIP_POSTFIX:-}" ]; then
  mkdir -p "$DIR/pf-conf" "$DIR/pf-data" "$DIR/pf-queue"
  sed -e "s|@DIR@|$DIR|g" -e "s|@SINK_PORT@|$SINK_PORT|g" "$HERE/main.cf.in" > "$DIR/pf-conf/main.cf"
  # Debian's master.cf with chroot off and smtpd on our port.
  awk -v port="$PF_PORT" '
    /^smtp[ \t]+inet/ { print "127.0.0.1:" port "      inet  n       -       n       -       -       smtpd"; next }
    /^[a-z0-9]/ && NF >= 8 && $2 ~ /unix|inet|fifo|pass|unix-dgram/ { $5 = "n" }
    { print }' /etc/postfix/master.cf > "$DIR/pf-conf/master.cf"
  chown postfix "$DIR/pf-data"
  # The first start of a fresh instance creates the queue directories (post-install); retry once.
  postfix -c "$DIR/pf-conf" start >"$DIR/pf-start.out" 2>&1 ||
    postfix -c "$DIR/pf-conf" start >>"$DIR/pf-start.out" 2>&1 ||
    { cat "$DIR/pf-start.out" >&2; exit 1; }
  PF_UP=1
  wait_port 127.0.0.1 "$PF_PORT" || true
  pf_warmup "$PF_PORT"
  SERVER_PIDS=$(tr -d ' ' < "$DIR/pf-queue/pid/master.pid")
  results+=("$(run postfix "$PF_PORT") $(postconf -d mail_version | cut -d' ' -f3)")
  echo "${results[-1]}" >&2
  SERVER_PIDS=""
  pf_stop
  cp "$DIR/pf-conf/main.cf" "$DIR/pf-conf/main.cf.plain"
  if [ -z "${SKIP_DKIM:-}" ]; then
    # OpenDKIM as on the mail VM (notes/mail.md §3.1), as a milter on loopback.
    cat > "$DIR/opendkim.conf" <<CONF
Mode s
Domain anchor.test
Selector s1
KeyFile $DIR/dkim/s1.private
Canonicalization relaxed/simple
SignatureAlgorithm rsa-sha256
InternalHosts 127.0.0.0/8
Socket inet:$MILTER_PORT@127.0.0.1
OversignHeaders From
Syslog no
RequireSafeKeys false
PidFile $DIR/opendkim.pid
CONF
    opendkim -f -x "$DIR/opendkim.conf" > "$DIR/opendkim.log" 2>&1 &
    MILTER_PID=$!
    wait_port 127.0.0.1 "$MILTER_PORT" || true
    cat >> "$DIR/pf-conf/main.cf" <<CF
smtpd_milters = inet:127.0.0.1:$MILTER_PORT
non_smtpd_milters = \$smtpd_milters
milter_default_action = tempfail
CF
    pf_start
    check_signed postfix-opendkim "$PF_PORT"
    pf_warmup "$PF_PORT"
    SERVER_PIDS="$(tr -d ' ' < "$DIR/pf-queue/pid/master.pid") $MILTER_PID"
    results+=("$(run postfix+opendkim "$PF_PORT") opendkim $(opendkim -V | head -1 | awk '{print $NF}')")
    echo "${results[-1]}" >&2
    SERVER_PIDS=""
    pf_stop
    kill "$MILTER_PID" 2>/dev/null || true; wait "$MILTER_PID" 2>/dev/null || true; MILTER_PID=""
  fi
fi

# paired_rounds: Postfix (without the milter) and ours + DKIM (still running, warm) measured
# alternately, PAIRS rounds of MSGS messages each, in ABBA order. On this VM single runs move by
# ±15 % with the host's steal and page reporting, more than the difference being measured, so
# the goal's figure is the median over the rounds (of the ratios of each round's pair). Each
# measured run starts after a sync and a second of rest.
paired_rounds() {
  [ "$PAIRS" -gt 0 ] && [ -z "${SKIP_POSTFIX:-}" ] || return 0
  cp "$DIR/pf-conf/main.cf.plain" "$DIR/pf-conf/main.cf"
  pf_start
  pf_warmup "$PF_PORT"
  local pf_pid i name line rates=()
  pf_pid=$(tr -d ' ' < "$DIR/pf-queue/pid/master.pid")
  for i in $(seq "$PAIRS"); do
    for name in $([ $(( i % 2 )) -eq 1 ] && echo "postfix ours+dkim" || echo "ours+dkim postfix"); do
      # The other relay's writeback and journal commits finish first, not in this round.
      sync
      sleep 1
      if [ "$name" = postfix ]; then
        SERVER_PIDS=$pf_pid; line=$(run "round$i-postfix" "$PF_PORT")
      else
        SERVER_PIDS=$OURS_PID; line=$(run "round$i-ours+dkim" "$OURS_PORT")
      fi
      echo "$line" >&2
      rates+=("$i $name $(echo "$line" | grep -o 'end_to_end=[0-9]*' | cut -d= -f2)")
    done
  done
  SERVER_PIDS=""
  pf_stop
  results+=("$(printf '%s\n' "${rates[@]}" | python3 -c '
import statistics, sys
pf, us = {}, {}
for line in sys.stdin:
    i, name, rate = line.split()
    (pf if name == "postfix" else us)[i] = float(rate)
ratios = [us[i] / pf[i] for i in pf]
print("paired rounds=%d postfix=%s ours+dkim=%s msg/s; ratio ours+dkim/postfix per round %s"
      " median=%.2f min=%.2f; ratio of medians=%.2f" % (len(pf),
      ",".join("%.0f" % pf[i] for i in pf), ",".join("%.0f" % us[i] for i in pf),
      ",".join("%.2f" % r for r in ratios), statistics.median(ratios), min(ratios),
      statistics.median(us.values()) / statistics.median(pf.values())))')")
  echo "${results[-1]}" >&2
}

# ours NAME [DKIM]: starts our relay (with the DKIM key when DKIM=1), warms it up, measures.
# The smtp-relay test classpath (for RelayMain and DkimSignBench) into $DIR/cp.txt, built in the
# reactor (-am), never installed into the local repository.
test_classpath() {
  [ -f "$DIR/cp.txt" ] && return 0
  (cd "$ROOT" && $MVN -B -q -o -pl smtp-relay -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$DIR/cp.txt" -Dmdep.includeScope=test >/dev/null)
}

ours() {
  local name=$1 dkim=${2:-}
  rm -rf "$DIR/ours-spool"
  cat > "$DIR/ours.yaml" <<YAML
modules: [smtp-relay]
admin: { listen: "127.0.0.1:$ADMIN_PORT" }
mail:
  listen: ["127.0.0.1:$OURS_PORT"]
  hostname: bench.anchor.test
  spool: $DIR/ours-spool
  relayhost: "127.0.0.2:$SINK_PORT"
  delivery: { threads: 20, destination_concurrency: 20 }
YAML
  if [ -n "$dkim" ]; then
    cat >> "$DIR/ours.yaml" <<YAML
  dkim:
    canonicalization: relaxed/simple
    keys:
      s1: { domain: anchor.test, selector: s1, key_file: $DIR/dkim/s1.private }
YAML
  fi
  JAR="$ROOT/daemon/target/appliance.jar"
  OURS_HOW=""
  if [ -f "$JAR" ]; then
    java $OURS_JAVA_OPTS -jar "$JAR" run --config "$DIR/ours.yaml" > "$DIR/ours.log" 2>&1 &
    OURS_PID=$!
    if wait_port 127.0.0.1 "$OURS_PORT" 300; then OURS_HOW="appliance.jar"; else
      kill "$OURS_PID" 2>/dev/null || true; wait "$OURS_PID" 2>/dev/null || true; OURS_PID=""
    fi
  fi
  if [ -z "$OURS_HOW" ]; then
    echo "the daemon does not run smtp-relay yet: using the module's RelayMain" >&2
    test_classpath
    CP="$ROOT/smtp-relay/target/test-classes:$ROOT/smtp-relay/target/classes:$(cat "$DIR/cp.txt")"
    java $OURS_JAVA_OPTS -Dlogback.configurationFile="$HERE/logback-bench.xml" -cp "$CP" \
      org.webplatform.appliance.smtp.testing.RelayMain "$DIR/ours.yaml" > "$DIR/ours.log" 2>&1 &
    OURS_PID=$!
    wait_port 127.0.0.1 "$OURS_PORT" 600 || { echo "our relay did not start; see $DIR/ours.log" >&2; exit 1; }
    OURS_HOW="RelayMain"
  fi
  [ -n "$dkim" ] && check_signed "$name" "$OURS_PORT"
  # JIT warm-up, not measured: rounds of WARMUP messages until the C2 compiler threads used
  # under 50 µs of CPU per message in a round (at most WARMUP_ROUNDS). A relay runs for days; a
  # timed run while C2 still compiles (0.8 ms of CPU per message after 2,500 messages, 0.4 after
  # 15,000) measures the JIT, not the relay.
  local rounds=0 jit0 jit1
  while :; do
    jit0=$(jit_ticks "$OURS_PID")
    unmeasured "$WARMUP" "$name-warmup" "$OURS_PORT"
    jit1=$(jit_ticks "$OURS_PID")
    rounds=$(( rounds + 1 ))
    if [ $(( (jit1 - jit0) * 1000000 / $(getconf CLK_TCK) / WARMUP )) -lt 50 ] ||
        [ "$rounds" -ge "$WARMUP_ROUNDS" ]; then
      break
    fi
  done
  SERVER_PIDS=$OURS_PID
  results+=("$(run "$name" "$OURS_PORT") via $OURS_HOW warmup=$(( rounds * WARMUP ))")
  SERVER_PIDS=""
  echo "${results[-1]}" >&2
  [ -n "$dkim" ] && paired_rounds
  kill "$OURS_PID" 2>/dev/null || true; wait "$OURS_PID" 2>/dev/null || true; OURS_PID=""
}

if [ -z "${SKIP_OURS:-}" ]; then
  ours ours
  if [ -z "${SKIP_DKIM:-}" ]; then
    ours ours+dkim 1
    # Signatures per second per algorithm, one thread (DkimSignBench, RSA-2048 and Ed25519).
    test_classpath || true
    if [ -f "$DIR/cp.txt" ]; then
      java -cp "$ROOT/smtp-relay/target/test-classes:$ROOT/smtp-relay/target/classes:$(cat "$DIR/cp.txt")" \
        org.webplatform.appliance.smtp.dkim.DkimSignBench 5 > "$DIR/sign.out" 2>&1 || true
      while read -r line; do results+=("$line"); done < <(grep '^dkim-sign' "$DIR/sign.out")
    fi
  fi
fi

echo "sessions=$SESSIONS messages=$MSGS size=$SIZE cpus=$(nproc)"
printf '%s\n' "${results[@]}"
rate() { printf '%s\n' "${results[@]}" | awk -v n="$1" '$1 == n { sub("end_to_end=", "", $4); print $4 }'; }
ratio() {
  local a b; a=$(rate "$1"); b=$(rate "$2")
  if [ -n "$a" ] && [ -n "$b" ]; then
    awk -v a="$a" -v b="$b" -v t="$1/$2" 'BEGIN { printf "ratio %s end_to_end = %.2f\n", t, a/b }'
  fi
}
ratio ours postfix
ratio ours+dkim postfix+opendkim
ratio ours+dkim postfix
