#!/usr/bin/env bash
# Several Gridcast nodes on one redis-server, for load runs with --servers (BENCHMARKS.md).
#
#   NODES=6 RESIDENTS=100000 loadtest/scripts/nodes.sh start   # redis-server + NODES nodes
#   loadtest/scripts/nodes.sh run --processes 6 --residents 100000 --level town --rate 0.5 --duration 10
#   loadtest/scripts/nodes.sh heap [HISTOGRAM_FILE]           # node 0's heap after full GCs
#   loadtest/scripts/nodes.sh stop
#   NODE_ARGS="--max-logins-in-flight 32" ... nodes.sh start      # more `serve` options for every node
#
# `run` adds --target gridcast --servers, --server-http (admin ports), --server-redis and
# --server-data to the load tester's options. Each node is its own JVM with the per-process
# open-file limit (20,000 here, so ~19,000 connections): 100,000 residents need 6 nodes and
# --processes 6 on the load tester's side. TRANSPORT=ws makes --servers name the HTTP ports.
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT=${OUT:-/tmp/lt-nodes}
NODES=${NODES:-6}
RESIDENTS=${RESIDENTS:-100000}
NODE_OPTS=${NODE_OPTS:-"-Xms512m -Xmx768m -XX:+UseParallelGC"}
NODE_ARGS=${NODE_ARGS:-}
LT_OPTS=${LT_OPTS:-"-Xms1g -Xmx1536m -XX:+UseParallelGC"}
TRANSPORT=${TRANSPORT:-tcp}
SERVER_JAR=${SERVER_JAR:-server/target/gridcast-server.jar}
LT_JAR=${LT_JAR:-loadtest/target/gridcast-loadtest.jar}
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

port() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

start() {
  rm -rf "$OUT"; mkdir -p "$OUT/redis"
  local rport
  rport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # appendfsync everysec: one Redis for all nodes, as OPERATIONS.md's external Redis
  redis-server --port "$rport" --bind 127.0.0.1 --dir "$OUT/redis" --appendonly yes --appendfsync everysec \
    --save '' --maxclients 10000 --daemonize no --logfile "$OUT/redis/redis.log" &
  echo $! > "$OUT/redis.pid"
  echo "redis://127.0.0.1:$rport" > "$OUT/redis.uri"
  for _ in $(seq 100); do redis-cli -p "$rport" ping >/dev/null 2>&1 && break; sleep 0.1; done
  for i in $(seq 0 $((NODES - 1))); do
    mkdir -p "$OUT/node-$i"
    local seeds=()
    [ "$i" = 0 ] && seeds=(--seeds "synthetic:$RESIDENTS")
    # shellcheck disable=SC2086
    java $NODE_OPTS -jar "$SERVER_JAR" serve --data-dir "$OUT/node-$i" --redis "$(cat "$OUT/redis.uri")" \
      --secret-file "$OUT/secret" --node "n$i" --port 0 --http-port 0 --admin-port 0 --bind 127.0.0.1 \
      "${seeds[@]}" --ready-file "$OUT/node-$i/ready" $NODE_ARGS > "$OUT/node-$i/server.log" 2>&1 &
    echo $! > "$OUT/node-$i/pid"
    # the first node imports the directory; the others start once it is there
    for _ in $(seq 3000); do
      [ -s "$OUT/node-$i/ready" ] && break
      kill -0 "$(cat "$OUT/node-$i/pid")" 2>/dev/null || break   # it exited: a bad option, a port taken
      sleep 0.1
    done
    [ -s "$OUT/node-$i/ready" ] || { echo "node $i did not start" >&2; tail "$OUT/node-$i/server.log" >&2; exit 1; }
  done
  echo "started redis-server and $NODES nodes under $OUT"
}

run() {
  local servers=() admins=() key=tcpPort
  [ "$TRANSPORT" = ws ] && key=httpPort
  for d in "$OUT"/node-*/; do
    servers+=("127.0.0.1:$(port "$d/ready" "$key")")
    admins+=("127.0.0.1:$(port "$d/ready" adminPort)")
  done
  # shellcheck disable=SC2086
  exec java $LT_OPTS -jar "$LT_JAR" --target gridcast --transport "$TRANSPORT" \
    --servers "$(IFS=,; echo "${servers[*]}")" --server-http "$(IFS=,; echo "${admins[*]}")" \
    --server-redis "$(cat "$OUT/redis.uri")" --server-data "$OUT" "$@"
}

# Heap of node 0 after two full GCs, its sessions, and (with an argument) its class histogram
# there: the two readings of "heap per idle connection" (docs/LOADTEST.md, "Scale").
heap() {
  local pid admin
  pid=$(cat "$OUT/node-0/pid"); admin=$(port "$OUT/node-0/ready" adminPort)
  jcmd "$pid" GC.run > /dev/null; sleep 1; jcmd "$pid" GC.run > /dev/null; sleep 1
  curl -s "http://127.0.0.1:$admin/metrics" | awk '
    index($0, "jvm_memory_used_bytes{area=\"heap\"") == 1 { heap += $NF }
    index($0, "gridcast_sessions ") == 1 { sessions = $NF }
    index($0, "gridcast_connections ") == 1 { conns = $NF }
    END { printf "heap %.0f sessions %.0f connections %.0f\n", heap, sessions, conns }'
  [ -n "${1:-}" ] && jcmd "$pid" GC.class_histogram > "$1"
  return 0
}

stop() {
  for f in "$OUT"/node-*/pid "$OUT/redis.pid"; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
}

case "${1:-}" in
  start) start ;;
  run) shift; run "$@" ;;
  heap) shift; heap "$@" ;;
  stop) stop ;;
  *) echo "usage: $0 start|run OPTIONS|heap [FILE]|stop" >&2; exit 2 ;;
esac
