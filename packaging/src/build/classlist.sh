#!/bin/bash
# classlist.sh JAVA APPLIANCE_HOME SHIPPED_CONFIG EXAMPLE_ZONE OUT
#
# A training run for class data sharing: starts the staged daemon with every role enabled (the
# shipped config on ephemeral loopback ports), waits until it is ready, stops it, and keeps the
# list of classes it loaded. The package's postinst turns that list into an archive for the
# installed Java (appliance cds-archive), which every start then maps instead of parsing and
# verifying those classes again.
set -euo pipefail
java=$1 home=$2 shipped=$3 zone=$4 out=$5

dir=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT

mkdir -p "$dir/zones" "$dir/share" "$dir/spool" "$dir/graphs"
cp "$zone" "$dir/zones/"
sed -e 's|"0\.0\.0\.0:[0-9]*"|"127.0.0.1:0"|' \
    -e 's|#listen: "127.0.0.1:8025"|listen: "127.0.0.1:0"|' \
    -e "s|zones: /etc/appliance/zones|zones: $dir/zones|" \
    -e "s|path: /var/lib/appliance/rsync|path: $dir/share|" \
    -e "s|#spool: /var/spool/appliance/mail|spool: $dir/spool|" \
    -e "s|#rrd_dir: /var/lib/appliance/graphs|rrd_dir: $dir/graphs|" \
    "$shipped" > "$dir/appliance.yaml"

"$java" -Xshare:off -XX:DumpLoadedClassList="$dir/classes" -Djava.io.tmpdir="$dir" \
  -jar "$home/appliance.jar" run --config "$dir/appliance.yaml" > "$dir/log" 2>&1 &
pid=$!
for _ in $(seq 1200); do
  grep -q "daemon: ready" "$dir/log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$dir/log" >&2; echo "training run died" >&2; exit 1; }
  sleep 0.1
done
grep -q "daemon: ready" "$dir/log" || { cat "$dir/log" >&2; echo "training run not ready" >&2; exit 1; }
kill -TERM "$pid"
wait "$pid" || { cat "$dir/log" >&2; echo "training run exit $?" >&2; exit 1; }
pid=""
mv "$dir/classes" "$out"
echo "class list: $(grep -vc '^#' "$out") classes" >&2
