#!/usr/bin/env bash
# Server heap per idle logged-in connection: (heap after a full GC with N residents logged in
# − heap after a full GC with none) ÷ sessions. The server runs in its own process on its
# embedded default; the load tester holds the connections (logged in with real tokens, one
# notice a second to a micro-grid so they are real sessions, otherwise idle).
#
#   N=18000 scripts/heap-per-connection.sh
#   N=18000 TRANSPORT=ws scripts/heap-per-connection.sh     # the same over WebSocket
#
# N is bounded by the per-process open-file limit (ulimit -n) of both processes: each holds
# one fd per connection. See docs/LOADTEST.md, "Scale".
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-18000}
JAVA_OPTS=${JAVA_OPTS:-"-Xms2g -Xmx2g -XX:+UseG1GC"}
OUT=${OUT:-target/heap}
HOLD=${HOLD:-60}
TRANSPORT=${TRANSPORT:-tcp}
rm -rf "$OUT"; mkdir -p "$OUT/data"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ -f server/target/gridcast-server.jar ] && [ -f loadtest/target/gridcast-loadtest.jar ] \
  || mvn -q -o -pl loadtest,server -am package -DskipTests 2>/dev/null || mvn -q -pl loadtest,server -am package -DskipTests

java $JAVA_OPTS -jar server/target/gridcast-server.jar serve --data-dir "$OUT/data" --port 0 --http-port 0 \
  --seeds "synthetic:$N" --ready-file "$OUT/data/ready" > "$OUT/server.log" 2>&1 &
SERVER=$!
LOAD=""
trap 'kill $SERVER ${LOAD:-} 2>/dev/null || true' EXIT
for _ in $(seq 600); do [ -s "$OUT/data/ready" ] && break; sleep 0.1; done
# the load tester connects to the port of its transport: TCP, or HTTP for the WebSocket upgrade
PORT_KEY=tcpPort; [ "$TRANSPORT" = ws ] && PORT_KEY=httpPort
PORT=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$OUT/data/ready" "$PORT_KEY")
# /metrics is on the admin port (loopback only), not on the public HTTP port
ADMIN=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["adminPort"])' "$OUT/data/ready")

metric() { curl -s "http://127.0.0.1:$ADMIN/metrics" | awk -v m="$1" 'index($0, m) == 1 { s += $NF } END { printf "%.0f", s }'; }
heap_after_gc() {
  jcmd "$SERVER" GC.run > /dev/null; sleep 1
  jcmd "$SERVER" GC.run > /dev/null; sleep 1
  metric 'jvm_memory_used_bytes{area="heap"'
}

BASE=$(heap_after_gc)
jcmd "$SERVER" GC.class_histogram > "$OUT/histogram-base.txt"
java -Xms1g -Xmx2g -jar loadtest/target/gridcast-loadtest.jar --target gridcast --transport "$TRANSPORT" \
  --server "127.0.0.1:$PORT" --server-data "$OUT/data" --residents "$N" --level microgrid --rate 1 \
  --duration "$HOLD" --connect-rate 3000 > "$OUT/loadtest.log" 2>&1 &
LOAD=$!
for _ in $(seq 1200); do
  [ "$(metric 'gridcast_sessions ')" -ge "$N" ] 2>/dev/null && break
  sleep 0.1
done
sleep 3
SESSIONS=$(metric 'gridcast_sessions ')
HELD=$(heap_after_gc)
jcmd "$SERVER" GC.class_histogram > "$OUT/histogram.txt" # what the connections hold, by class
CONNS=$(metric 'gridcast_connections ')
kill "$LOAD" 2>/dev/null || true

python3 - "$TRANSPORT" "$BASE" "$HELD" "$SESSIONS" "$CONNS" "$N" <<'PY' | tee "$OUT/result.txt"
import sys
transport = sys.argv[1]
base, held, sessions, conns, n = (int(float(x)) for x in sys.argv[2:])
print(f"transport {transport}, residents {n}, sessions {sessions}, connections {conns}")
print(f"heap after full GC: {base:,} B with none, {held:,} B with them")
print(f"heap per idle logged-in connection: {(held - base) / max(sessions, 1):,.0f} B")
PY

# Where the bytes go, from the class histograms (each counts live objects right after its own
# full GC): classes that grew by at least half an instance per session, bytes per session, and
# all classes together. That total is the figure to quote: the heap metric above is read a
# second after a GC while the phones ping and notices fan out, so it includes up to a second of
# fresh garbage (±100–400 B per connection between runs with the same objects).
python3 - "$OUT/histogram-base.txt" "$OUT/histogram.txt" "$SESSIONS" <<'PY' | tee "$OUT/per-connection.txt"
import re, sys
def read(path):
    out = {}
    for line in open(path):
        m = re.match(r'\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)', line)
        if m:
            out[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return out
base, held, sessions = read(sys.argv[1]), read(sys.argv[2]), max(int(float(sys.argv[3])), 1)
rows, total = [], 0.0
for cls, (n, b) in held.items():
    n0, b0 = base.get(cls, (0, 0))
    per_n, per_b = (n - n0) / sessions, (b - b0) / sessions
    if per_n >= 0.5:
        rows.append((per_b, per_n, cls))
        total += per_b
for per_b, per_n, cls in sorted(rows, reverse=True):
    print(f"{per_b:8.1f} B {per_n:6.2f} x  {cls}")
print(f"{total:8.1f} B in all (classes with >= 0.5 instance per session)")
live = (sum(b for n, b in held.values()) - sum(b for n, b in base.values())) / sessions
print(f"live objects per idle logged-in connection (all classes): {live:,.0f} B")
PY
