#!/usr/bin/env bash
# SMTP relay benchmark: smtp-source -> relay -> smtp-sink, end to end, for Postfix (its own
# instance, fsync'd queue) and for our smtp-relay role. Loopback only; see bench/RESULTS.md.
#
#   sudo bench/smtp.sh                 # 20 sessions, 20000 messages of 2000 bytes
#   MSGS=5000 bench/smtp.sh            # fewer messages
#   SKIP_POSTFIX=1 / SKIP_OURS=1       # one side only
#
# Knobs: MSGS (20000), SESSIONS (20), SIZE (2000), PF_PORT (12525), OURS_PORT (12526),
# SINK_PORT (12527), ADMIN_PORT (12528), KEEP=1 keeps the temp dir. Needs postfix (smtp-source, smtp-sink) and Java 17.
# Ours runs as `java -jar daemon/target/appliance.jar run --config CFG` when the daemon knows the
# smtp-relay module, otherwise through the module's test main (RelayMain).
set -euo pipefail

MSGS=${MSGS:-20000}
SESSIONS=${SESSIONS:-20}
SIZE=${SIZE:-2000}
PF_PORT=${PF_PORT:-12525}
OURS_PORT=${OURS_PORT:-12526}
SINK_PORT=${SINK_PORT:-12527}
ADMIN_PORT=${ADMIN_PORT:-12528}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE="$ROOT/bench/smtp"

need() { command -v "$1" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "$1" >/dev/null 2>&1; }
export PATH="$PATH:/usr/sbin:/sbin"
if ! need smtp-source || ! need postfix; then
  echo "installing postfix (smtp-source, smtp-sink)..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postfix >/dev/null
fi

DIR=$(mktemp -d /tmp/smtp-bench.XXXXXX)
chmod 755 "$DIR"
SINK_PID=""; OURS_PID=""; PF_UP=""
cleanup() {
  [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null || true
  [ -n "$OURS_PID" ] && kill "$OURS_PID" 2>/dev/null || true
  [ -n "$PF_UP" ] && postfix -c "$DIR/pf-conf" stop >/dev/null 2>&1 || true
  if [ -z "${KEEP:-}" ]; then rm -rf "$DIR"; else echo "kept $DIR" >&2; fi
}
trap cleanup EXIT

now() { date +%s.%N; }

# smtp-sink -c prints running counters ("sess=N quit=N mesg=N"); wait for mesg=$1 (300 s max).
start_sink() {
  : > "$DIR/sink.out"
  smtp-sink -u nobody -c "127.0.0.2:$SINK_PORT" 1024 > "$DIR/sink.out" 2>&1 &
  SINK_PID=$!
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.2/$SINK_PORT) 2>/dev/null && return; sleep 0.1; done
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

# run NAME PORT: smtp-source into PORT, prints "NAME inject_rate end_to_end_rate"
run() {
  local name=$1 port=$2
  start_sink
  local t0 t1 t2
  t0=$(now)
  smtp-source -s "$SESSIONS" -m "$MSGS" -l "$SIZE" -f bench@anchor.test -t sink@remote.test \
    "127.0.0.1:$port" > "$DIR/$name-source.out" 2>&1
  t1=$(now)
  wait_sink "$MSGS"
  t2=$(now)
  stop_sink
  awk -v n="$MSGS" -v a="$t0" -v b="$t1" -v c="$t2" -v name="$name" \
    'BEGIN { printf "%s inject=%.0f msg/s end_to_end=%.0f msg/s (%.1f s)\n", name, n/(b-a), n/(c-a), c-a }'
}

results=()

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
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$PF_PORT) 2>/dev/null && break; sleep 0.1; done
  results+=("$(run postfix "$PF_PORT") $(postconf -d mail_version | cut -d' ' -f3)")
  echo "${results[-1]}" >&2
  postfix -c "$DIR/pf-conf" stop >/dev/null 2>&1 || true
  PF_UP=""
fi

if [ -z "${SKIP_OURS:-}" ]; then
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
  JAR="$ROOT/daemon/target/appliance.jar"
  up() { for _ in $(seq "$1"); do (exec 3<>/dev/tcp/127.0.0.1/$OURS_PORT) 2>/dev/null && return 0; sleep 0.1; done; return 1; }
  OURS_HOW=""
  if [ -f "$JAR" ]; then
    java -Xms512m -Xmx512m -jar "$JAR" run --config "$DIR/ours.yaml" > "$DIR/ours.log" 2>&1 &
    OURS_PID=$!
    if up 300; then OURS_HOW="appliance.jar"; else
      kill "$OURS_PID" 2>/dev/null || true; wait "$OURS_PID" 2>/dev/null || true; OURS_PID=""
    fi
  fi
  if [ -z "$OURS_HOW" ]; then
    echo "the daemon does not run smtp-relay yet: using the module's RelayMain" >&2
    (cd "$ROOT" && mvn -B -q -o -pl config install -DskipTests >/dev/null &&
      mvn -B -q -o -pl smtp-relay test-compile dependency:build-classpath \
        -Dmdep.outputFile="$DIR/cp.txt" -Dmdep.includeScope=test >/dev/null)
    CP="$ROOT/smtp-relay/target/test-classes:$ROOT/smtp-relay/target/classes:$(cat "$DIR/cp.txt")"
    java -Xms512m -Xmx512m -Dlogback.configurationFile="$HERE/logback-bench.xml" -cp "$CP" \
      org.webplatform.appliance.smtp.testing.RelayMain "$DIR/ours.yaml" > "$DIR/ours.log" 2>&1 &
    OURS_PID=$!
    up 600 || { echo "our relay did not start; see $DIR/ours.log" >&2; exit 1; }
    OURS_HOW="RelayMain"
  fi
  # JIT warm-up, not measured.
  MSGS_SAVE=$MSGS; MSGS=$(( MSGS / 10 )); run ours-warmup "$OURS_PORT" >/dev/null; MSGS=$MSGS_SAVE
  results+=("$(run ours "$OURS_PORT") via $OURS_HOW")
  echo "${results[-1]}" >&2
  kill "$OURS_PID" 2>/dev/null || true; wait "$OURS_PID" 2>/dev/null || true; OURS_PID=""
fi

echo "sessions=$SESSIONS messages=$MSGS size=$SIZE cpus=$(nproc)"
printf '%s\n' "${results[@]}"
pf=$(printf '%s\n' "${results[@]}" | awk '/^postfix/ { sub("end_to_end=", "", $4); print $4 }')
ours=$(printf '%s\n' "${results[@]}" | awk '/^ours/ { sub("end_to_end=", "", $4); print $4 }')
if [ -n "$pf" ] && [ -n "$ours" ]; then
  awk -v a="$ours" -v b="$pf" 'BEGIN { printf "ratio ours/postfix end_to_end = %.2f\n", a/b }'
fi
