#!/usr/bin/env bash
# Runs every target with the same load shape, one after the other in one go, and writes
# BENCHMARKS.md (table, Gridcast's ratio to each, machine, commands, date).
#
#   scripts/bench.sh                       # 5,000 residents, community notices, 150/s for 4 s (750k deliveries/s offered: more than any target here delivers)
#   RESIDENTS=20000 LEVEL=mixed RATE=200 DURATION=30 scripts/bench.sh
#   TARGETS="raw nats" scripts/bench.sh    # a subset
#
# Gridcast and raw run as processes of their own, like the peers.
set -euo pipefail
cd "$(dirname "$0")/.."

RESIDENTS=${RESIDENTS:-5000}
LEVEL=${LEVEL:-community}
RATE=${RATE:-150}
DURATION=${DURATION:-4}
PAYLOAD=${PAYLOAD:-128}
DRAIN=${DRAIN:-20}
# Second phase, per target, on the same server: a rate every target can carry, after a
# warm-up, for latency side by side (the first phase over-feeds every target: throughput).
LAT_RATE=${LAT_RATE:-10}
LAT_DURATION=${LAT_DURATION:-20}
LAT_WARMUP=${LAT_WARMUP:-10}
TARGETS=${TARGETS:-"raw gridcast nats mosquitto redis-pubsub"}
OUT=${OUT:-target/bench}
JAVA_OPTS=${JAVA_OPTS:-"-Xms2g -Xmx4g -XX:+UseParallelGC"}
mkdir -p "$OUT"; rm -f "$OUT"/*.json "$OUT"/*.md "$OUT"/*.skipped

# 1. Peers from Debian packages where missing.
need=()
command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
command -v nats-server >/dev/null || [ -x /usr/sbin/nats-server ] || need+=(nats-server)
command -v redis-server >/dev/null || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get install -y "${need[@]}"
fi
export PATH="$PATH:/usr/sbin"

# 2. Enough file descriptors for both ends of every connection.
ulimit -n "$(cat /proc/sys/fs/nr_open 2>/dev/null || echo 1048576)" 2>/dev/null || ulimit -n 65536 2>/dev/null || true

# 3. Build (offline when the local repository has everything).
mvn -q -o -pl loadtest,server -am package -DskipTests 2>/dev/null || mvn -q -pl loadtest,server -am package -DskipTests
JAR=loadtest/target/gridcast-loadtest.jar
SERVER_JAR=server/target/gridcast-server.jar

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# 4. Run each target with the same shape.
SHAPE="--residents $RESIDENTS --level $LEVEL --rate $RATE --duration $DURATION --payload $PAYLOAD --drain $DRAIN"
: > "$OUT/commands.txt"
for t in $TARGETS; do
  extra=""
  if [ "$t" = gridcast ]; then
    if ! jar tf "$SERVER_JAR" 2>/dev/null | grep -q org/gridcast/server/GridcastServer.class; then
      echo "gridcast: $SERVER_JAR has no server; skipped" | tee "$OUT/$t.skipped"
      continue
    fi
    # The server in a process of its own with its private redis-server (AOF, fsync always),
    # seeded with the same synthetic town the load tester plans.
    G_DATA="$OUT/gridcast-data"; rm -rf "$G_DATA"; mkdir -p "$G_DATA"
    G_PORT=$(free_port)
    java $JAVA_OPTS -jar "$SERVER_JAR" serve --data-dir "$G_DATA" --port "$G_PORT" --http-port 0 --admin-port 0 \
      --seeds "synthetic:$RESIDENTS" --ready-file "$G_DATA/ready" > "$OUT/gridcast-server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 600); do [ -s "$G_DATA/ready" ] && break; sleep 0.1; done
    echo "java $JAVA_OPTS -jar $SERVER_JAR serve --data-dir $G_DATA --port $G_PORT --http-port 0 --admin-port 0 --seeds synthetic:$RESIDENTS &" >> "$OUT/commands.txt"
    # /metrics is served on the admin port (loopback only); the ready file names it.
    G_ADMIN=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["adminPort"])' "$G_DATA/ready")
    # redis://PASSWORD@127.0.0.1:PORT (mode 600): the private redis-server requires its password
    G_REDIS=$(cat "$G_DATA/redis/uri")
    extra="--server 127.0.0.1:$G_PORT --server-data $G_DATA --server-http 127.0.0.1:$G_ADMIN --server-redis $G_REDIS"
  fi
  if [ "$t" = raw ]; then
    # The ceiling runs in a process of its own, like every peer, so it does not share a JVM
    # (heap, GC, threads) with the load generator.
    RAW_PORT=$(free_port)
    java $JAVA_OPTS -jar "$JAR" raw-server "$RAW_PORT" > "$OUT/raw-server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 100); do grep -q listening "$OUT/raw-server.log" && break; sleep 0.1; done
    echo "java $JAVA_OPTS -jar $JAR raw-server $RAW_PORT &" >> "$OUT/commands.txt"
    extra="--server 127.0.0.1:$RAW_PORT"
  fi
  cmd="java $JAVA_OPTS -jar $JAR --target $t $SHAPE $extra --report-json $OUT/$t.json --report-md $OUT/$t.md"
  echo "$cmd" >> "$OUT/commands.txt"
  echo "== $cmd"
  set +e
  $cmd > "$OUT/$t.log" 2>&1
  echo $? > "$OUT/$t.rc"
  lat="java $JAVA_OPTS -jar $JAR --target $t --residents $RESIDENTS --level $LEVEL --rate $LAT_RATE --duration $LAT_DURATION --warmup $LAT_WARMUP --payload $PAYLOAD --drain $DRAIN $extra --report-json $OUT/$t-latency.json --report-md $OUT/$t-latency.md"
  echo "$lat" >> "$OUT/commands.txt"
  echo "== $lat"
  $lat > "$OUT/$t-latency.log" 2>&1
  set -e
  if [ -n "${SERVER_PID:-}" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi
  tail -n 3 "$OUT/$t.log" | head -n 1 || true
  grep -E '"(deliveriesPerSec|lost|duplicates|passed)"' "$OUT/$t.json" 2>/dev/null || true
done

# 5. BENCHMARKS.md from the JSON reports.
python3 scripts/bench_report.py "$OUT" "$RESIDENTS" "$LEVEL" "$RATE" "$DURATION" "$PAYLOAD" \
  "$LAT_RATE" "$LAT_DURATION" "$LAT_WARMUP" > BENCHMARKS.md
echo "wrote BENCHMARKS.md"
