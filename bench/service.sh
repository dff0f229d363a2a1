#!/usr/bin/env bash
# Service benchmark: start-to-ready time and resident memory of the whole daemon, every role
# enabled, started as systemd starts it (the launcher, NOTIFY_SOCKET, JOURNAL_STREAM), idle and
# under load. Loopback only; see bench/RESULTS.md "Service".
#
#   bench/service.sh                      # each JVM option set: 5 starts, then idle + 10 s load
#   RUNS=3 LOAD_SECONDS=5 bench/service.sh
#
# Knobs: RUNS (5), LOAD_SECONDS (10), BASE_PORT (13000: DNS, +1 rsync, +2 SMTP, +3 admin,
# +4 smtp-sink), KEEP=1 keeps the temp dir, OPTION_SETS (names below, space-separated),
# NICE=-10 runs the daemon at that nice level: on a machine other jobs keep busy, this shows what
# an otherwise idle VM would see (the loads are not reniced).
# Runs the installed /usr/bin/appliance when there is one, else packaging's launcher on the
# staged package in packaging/target/deb-root (mvn -B -q -DskipTests package first). The config
# is the packaged appliance.yaml with loopback ports, the example zone, temp spool and rrd dirs,
# and a relayhost that is an smtp-sink. Loads (each skipped when its tool is missing): dnsperf
# on DNS (UDP, 4 queries: A, AAAA, MX, NXDOMAIN), smtp-source (20 sessions, 2000-byte messages)
# through the relay into smtp-sink, and rsync pulls of a 20 MB module in a loop, all at once.
set -euo pipefail

RUNS=${RUNS:-5}
LOAD_SECONDS=${LOAD_SECONDS:-10}
BASE_PORT=${BASE_PORT:-13000}
OPTION_SETS=${OPTION_SETS:-jdk-defaults packaged-no-cds packaged packaged-c1 g1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$PATH:/usr/sbin:/sbin"

if [ -x /usr/bin/appliance ] && [ -f /usr/share/appliance/appliance.classlist ]; then
  LAUNCHER=/usr/bin/appliance
  HOME_DIR=/usr/share/appliance
else
  LAUNCHER="$ROOT/packaging/src/deb/bin/appliance"
  HOME_DIR="$ROOT/packaging/target/deb-root/usr/share/appliance"
  [ -f "$HOME_DIR/appliance.classlist" ] ||
    { echo "build first: mvn -B -q -DskipTests package" >&2; exit 1; }
fi

DIR=$(mktemp -d /tmp/service-bench.XXXXXX)
chmod 755 "$DIR"
SINK_PID=""
cleanup() {
  [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null || true
  if [ -z "${KEEP:-}" ]; then rm -rf "$DIR"; else echo "kept $DIR" >&2; fi
}
trap cleanup EXIT

DNS_PORT=$BASE_PORT RSYNC_PORT=$((BASE_PORT + 1)) SMTP_PORT=$((BASE_PORT + 2))
ADMIN_PORT=$((BASE_PORT + 3)) SINK_PORT=$((BASE_PORT + 4))

# The packaged config, moved to loopback ports and temp directories.
mkdir -p "$DIR/zones" "$DIR/share" "$DIR/spool" "$DIR/graphs"
cp "$ROOT/packaging/src/deb/doc/examples/zones/example.org" "$DIR/zones/"
head -c 20000000 /dev/urandom > "$DIR/share/blob"
for i in $(seq 200); do echo "file $i" > "$DIR/share/small-$i.txt"; done
sed -e "s|listen: \[\"0.0.0.0:53\"\]|listen: [\"127.0.0.1:$DNS_PORT\"]|" \
    -e "s|listen: \[\"0.0.0.0:873\"\]|listen: [\"127.0.0.1:$RSYNC_PORT\"]|" \
    -e "s|listen: \[\"0.0.0.0:25\"\]|listen: [\"127.0.0.1:$SMTP_PORT\"]|" \
    -e "s|#listen: \"127.0.0.1:8025\"|listen: \"127.0.0.1:$ADMIN_PORT\"|" \
    -e "s|zones: /etc/appliance/zones|zones: $DIR/zones|" \
    -e "s|path: /var/lib/appliance/rsync|path: $DIR/share|" \
    -e "s|#spool: /var/spool/appliance/mail|spool: $DIR/spool|" \
    -e "s|#relayhost: \"192.0.2.1:25\"|relayhost: \"127.0.0.2:$SINK_PORT\"|" \
    -e "s|#rrd_dir: /var/lib/appliance/graphs|rrd_dir: $DIR/graphs|" \
    "$ROOT/packaging/src/deb/etc/appliance.yaml" > "$DIR/appliance.yaml"
for port in $DNS_PORT $RSYNC_PORT $SMTP_PORT $ADMIN_PORT; do
  grep -q "127.0.0.1:$port" "$DIR/appliance.yaml" || { echo "config edit failed ($port)" >&2; exit 1; }
done
printf 'www.example.org A\nwww.example.org AAAA\nexample.org MX\nnope.example.org A\n' > "$DIR/queries"

# JVM option sets, as /etc/default/appliance files for the launcher (APPLIANCE_DEFAULTS):
#   jdk-defaults     no options, no class data sharing archive (the JDK's own CDS only)
#   packaged-no-cds  the packaged JAVA_OPTS without our archive
#   packaged         what the package runs: JAVA_OPTS + the archive `appliance cds-archive` makes
#   packaged-c1      packaged + C1 only (-XX:TieredStopAtLevel=1), to show the JIT's share
#   g1               packaged heap sizes and archive, default collector (G1)
PACKAGED=$(sed -n 's/^JAVA_OPTS="\(.*\)"$/\1/p' "$ROOT/packaging/src/deb/etc/default/appliance")
HEAP="-Xms64m -Xmx192m -XX:+ExitOnOutOfMemoryError"
printf 'JAVA_OPTS=""\nCDS_ARCHIVE=\n' > "$DIR/jdk-defaults.env"
printf 'JAVA_OPTS="%s"\nCDS_ARCHIVE=\n' "$PACKAGED" > "$DIR/packaged-no-cds.env"
printf 'JAVA_OPTS="%s"\nCDS_ARCHIVE=%s\n' "$PACKAGED" "$DIR/appliance.jsa" > "$DIR/packaged.env"
printf 'JAVA_OPTS="%s -XX:TieredStopAtLevel=1"\nCDS_ARCHIVE=%s\n' "$PACKAGED" "$DIR/appliance.jsa" \
  > "$DIR/packaged-c1.env"
printf 'JAVA_OPTS="%s"\nCDS_ARCHIVE=%s\n' "$HEAP" "$DIR/appliance.jsa" > "$DIR/g1.env"
APPLIANCE_DEFAULTS="$DIR/packaged.env" APPLIANCE_HOME="$HOME_DIR" "$LAUNCHER" cds-archive >&2

if command -v smtp-sink >/dev/null; then
  smtp-sink -u nobody -c "127.0.0.2:$SINK_PORT" 1024 > "$DIR/sink.out" 2>&1 &
  SINK_PID=$!
fi

# measure.py ENV_FILE RUNS LOAD_SECONDS: starts the daemon RUNS times, prints one line per
# start; after the last, puts the loads on it and prints the memory figures.
cat > "$DIR/measure.py" <<'PY'
import os, socket, statistics, subprocess, sys, threading, time

env_file, runs, load_seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
d = os.environ["DIR"]

def status(pid):
    fields = {}
    for line in open(f"/proc/{pid}/status"):
        k, _, v = line.partition(":")
        if k in ("VmRSS", "VmHWM"):
            fields[k] = int(v.split()[0]) // 1024
    return fields

def cpu_seconds(pid):
    # utime + stime of every thread so far: the work a start costs, whatever else runs.
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

def start():
    path = f"{d}/notify.sock"
    if os.path.exists(path):
        os.unlink(path)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    env = dict(os.environ, NOTIFY_SOCKET=path, JOURNAL_STREAM="8:1",
               APPLIANCE_DEFAULTS=env_file, APPLIANCE_CONFIG=f"{d}/appliance.yaml",
               APPLIANCE_HOME=os.environ["HOME_DIR"])
    t0 = time.monotonic()
    nice = ["nice", "-n", os.environ["NICE"]] if os.environ.get("NICE") else []
    proc = subprocess.Popen(nice + [os.environ["LAUNCHER"], "run"], env=env,
                            stdout=open(f"{d}/daemon.log", "ab"), stderr=subprocess.STDOUT)
    sock.settimeout(60)
    while True:
        msg = sock.recv(4096).decode()
        if "READY=1" in msg.split("\n"):
            return proc, sock, time.monotonic() - t0, cpu_seconds(proc.pid)

def stop(proc, sock):
    proc.terminate()
    code = proc.wait(30)
    stopping = "STOPPING=1" in sock.recv(4096).decode()
    sock.close()
    assert code == 0 and stopping, f"exit {code}, STOPPING seen: {stopping}"

times, cpus = [], []
for i in range(runs):
    proc, sock, ready, cpu = start()
    times.append(ready)
    cpus.append(cpu)
    if i < runs - 1:
        stop(proc, sock)
print(f"start_to_ready_ms median={statistics.median(times)*1000:.0f} "
      f"min={min(times)*1000:.0f} max={max(times)*1000:.0f} runs={runs} "
      f"cpu_to_ready_s median={statistics.median(cpus):.2f}")
time.sleep(5)  # idle: after start-up work (zone load, first rrd files) settles
idle = status(proc.pid)
print(f"idle rss_mb={idle['VmRSS']} hwm_mb={idle['VmHWM']}")

port = lambda off: str(int(os.environ["BASE_PORT"]) + off)
loads = []
def run(cmd):
    loads.append(subprocess.run(cmd, capture_output=True, text=True))
def have(tool):
    return subprocess.run(["sh", "-c", f"command -v {tool}"], capture_output=True).returncode == 0
threads = []
if have("dnsperf"):
    threads.append(threading.Thread(target=run, args=([
        "dnsperf", "-s", "127.0.0.1", "-p", port(0), "-d", f"{d}/queries",
        "-l", str(load_seconds), "-c", "4", "-q", "200"],)))
if have("smtp-source"):
    threads.append(threading.Thread(target=run, args=([
        "smtp-source", "-s", "20", "-m", str(300 * load_seconds), "-l", "2000",
        "-f", "bench@example.org", "-t", "sink@remote.test", f"127.0.0.1:{port(2)}"],)))
if have("rsync"):
    def pulls():
        end = time.monotonic() + load_seconds
        n = 0
        while time.monotonic() < end:
            subprocess.run(["rsync", "-a", "--delete", f"rsync://127.0.0.1:{port(1)}/files/",
                            f"{d}/pull/"], check=True, capture_output=True)
            subprocess.run(["rm", "-rf", f"{d}/pull"])
            n += 1
        loads.append(subprocess.CompletedProcess(["rsync"], 0, f"rsync pulls={n}\n", ""))
    threads.append(threading.Thread(target=pulls))
peak = 0
for t in threads:
    t.start()
while any(t.is_alive() for t in threads):
    peak = max(peak, status(proc.pid)["VmRSS"])
    time.sleep(0.2)
after = status(proc.pid)
for r in loads:
    summary = [l.strip() for l in r.stdout.splitlines()
               if "Queries per second" in l or "Queries completed" in l or "rsync pulls" in l]
    print(f"load {r.args[0]} exit={r.returncode} {' '.join(summary)}")
print(f"under_load rss_peak_mb={peak} rss_after_mb={after['VmRSS']} hwm_mb={after['VmHWM']}")
stop(proc, sock)
PY

export DIR LAUNCHER HOME_DIR BASE_PORT NICE=${NICE:-}
echo "launcher=$LAUNCHER home=$HOME_DIR java=$(java -version 2>&1 | head -1)"
echo "machine: $(nproc) cpu, load average $(cut -d' ' -f1-3 /proc/loadavg)${NICE:+, daemon at nice $NICE}"
for set in $OPTION_SETS; do
  echo "== $set: $(tr '\n' ' ' < "$DIR/$set.env")"
  python3 "$DIR/measure.py" "$DIR/$set.env" "$RUNS" "$LOAD_SECONDS"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
