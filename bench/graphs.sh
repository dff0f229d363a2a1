#!/usr/bin/env bash
# Graphs benchmark: rrd update cost per sample, and the time to render the /graphs/ page's
# 28 PNGs cold (fresh JVM), warm and from the one-minute cache. No peers, no network.
#
#   bench/graphs.sh              # 3 fresh JVMs
#   ROUNDS=5 bench/graphs.sh
#
# Needs Java 17 and Maven; MVN="flock /tmp/mvn.lock mvn" when other builds share the repository.
set -euo pipefail

ROUNDS=${ROUNDS:-3}
MVN=${MVN:-mvn}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

$MVN -B -q -o -pl config install -DskipTests
$MVN -B -q -o -pl graphs test-compile
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
$MVN -B -q -o -pl graphs dependency:build-classpath -Dmdep.outputFile="$CP_FILE" \
  -Dmdep.includeScope=test
CP="graphs/target/test-classes:graphs/target/classes:$(cat "$CP_FILE")"

echo "java: $(java -version 2>&1 | head -1); cpus: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  echo "-- round $round"
  java -Xmx256m -Djava.awt.headless=true -cp "$CP" org.webplatform.appliance.graphs.GraphsBench
done
