#!/bin/bash
# Usage: scripts/media-bench.sh (after mvn package). Times 10 MiB photo uploads and downloads against a real node (private redis-server) over loopback.
set -e
J=${J:-server/target/gridcast-server.jar}
D=$(mktemp -d)
java -jar $J serve --data-dir $D --port 0 --http-port 0 --admin-port 0 --seeds synthetic:1100 --ready-file $D/ready > $D/log 2>&1 &
PID=$!
for i in $(seq 1 120); do [ -s $D/ready ] && break; sleep 1; done
HTTP=$(python3 -c "import json;print(json.load(open('$D/ready'))['httpPort'])")
T=$(java -jar $J token --data-dir $D --member t1-c1-g1-m1-r1 --device bench)
for i in 1 2 3 4 5; do
  (printf '\xff\xd8\xff\xe0'; head -c 10485756 /dev/urandom) > $D/p$i.jpg
done
echo "uploads (status seconds):"
for i in 1 2 3 4 5; do
  curl -s -o $D/r$i.json -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $T" -H 'Content-Type: image/jpeg' --data-binary @$D/p$i.jpg http://127.0.0.1:$HTTP/media
done
echo "downloads (status seconds bytes):"
for i in 1 2 3 4 5; do
  ID=$(python3 -c "import json;print(json.load(open('$D/r$i.json'))['id'])")
  curl -s -o $D/g$i.jpg -w '%{http_code} %{time_total} %{size_download}\n' -H "Authorization: Bearer $T" http://127.0.0.1:$HTTP/media/$ID
  cmp $D/p$i.jpg $D/g$i.jpg
done
echo "uPlot gzipped (status bytes):"; curl -s -o /dev/null -w '%{http_code} %{size_download}\n' -H 'Accept-Encoding: gzip' http://127.0.0.1:$HTTP/vendor/uplot/uPlot.iife.min.js
kill $PID; wait $PID 2>/dev/null || true
rm -rf $D
