#!/usr/bin/env python3
"""Turns the JSON reports of one scripts/bench.sh run into BENCHMARKS.md (stdout)."""
import json, os, platform, subprocess, sys, datetime

out, residents, level, rate, duration, payload = sys.argv[1:7]
lat_rate, lat_duration, lat_warmup = (sys.argv[7:10] + [None, None, None])[:3]
order = ["gridcast", "raw", "nats", "mosquitto", "redis-pubsub"]
reports = {}
latency = {}
for t in order:
    p = os.path.join(out, t + ".json")
    if os.path.exists(p):
        reports[t] = json.load(open(p))
    p = os.path.join(out, t + "-latency.json")
    if os.path.exists(p):
        latency[t] = json.load(open(p))

def cpu():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"

def mem_gib():
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        return "?"

def cell(r, path):
    v = r
    for part in path.split("."):
        v = v[part]
    return f"{v:,}" if path == "deliveriesPerSec" else str(v)

def table(rs, columns):
    """One row per target; columns are (header, dotted JSON field)."""
    print("| target | " + " | ".join(h for h, _ in columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for t, r in rs.items():
        print(f"| {t} | " + " | ".join(cell(r, p) for _, p in columns) + " |")

java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
print("# Benchmarks\n")
print("Fan-out measured side by side in one run of `scripts/bench.sh`, every target with the same")
print("subscribers, topics (one per unit), payload and rate, load generator on the same machine.")
print("Numbers are whatever this machine did on that run; rerun the script to reproduce.\n")
print(f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}")
print(f"- machine: {os.cpu_count()} cores ({cpu()}), {mem_gib()} GiB RAM, {platform.system()} {platform.release()}, {java}")
la = os.getloadavg()
print(f"- load average when the report was written: {la[0]:.1f} / {la[1]:.1f} / {la[2]:.1f} (1/5/15 min) — "
      "other work on the box lowers every figure alike, but not always equally")
print(f"- shape: {residents} residents, {level}-level notices, {rate} notices/s for {duration} s, {payload}-byte payload")
print("  (open loop: each notice carries its intended send time; latency = receive − intended)\n")
table(reports, [("connections", "connections"), ("notices", "notices"), ("expected", "expected"),
                ("delivered", "delivered"), ("lost", "lost"), ("dup", "duplicates"),
                ("deliveries/s", "deliveriesPerSec"), ("p50 ms", "latencyMs.p50"), ("p99 ms", "latencyMs.p99"),
                ("p99.9 ms", "latencyMs.p999"), ("max ms", "latencyMs.max"),
                ("fan-out p99 ms", "fanoutCompletionMs.p99"), ("passed", "passed")])
for t in order:
    if os.path.exists(os.path.join(out, t + ".skipped")):
        print(f"| {t} | not run: {open(os.path.join(out, t + '.skipped')).read().strip()} |||||||||||||")
print()
g = reports.get("gridcast")
print("## Gridcast's ratio to each\n")
if g:
    print("| vs | deliveries/s ratio | p99 ratio (lower is better) |\n|---|---|---|")
    for t, r in reports.items():
        if t != "gridcast" and r["deliveriesPerSec"]:
            print(f"| {t} | {g['deliveriesPerSec'] / r['deliveriesPerSec']:.2f} | {g['latencyMs']['p99'] / max(r['latencyMs']['p99'], 1e-9):.2f} |")
else:
    print("Gridcast was not part of this run (see the table). Ratios between the others, to raw:\n")
    raw = reports.get("raw")
    if raw:
        print("| target | deliveries/s ÷ raw |\n|---|---|")
        for t, r in reports.items():
            print(f"| {t} | {r['deliveriesPerSec'] / raw['deliveriesPerSec']:.2f} |")
if latency:
    print(f"\n## Latency at {lat_rate} notices/s ({lat_duration} s after a {lat_warmup} s warm-up, same shape otherwise)\n")
    print("Every target carries this rate; latency here is the fan-out itself, not a queue.\n")
    table(latency, [("expected", "expected"), ("delivered", "delivered"), ("lost", "lost"), ("dup", "duplicates"),
                    ("deliveries/s", "deliveriesPerSec"), ("p50 ms", "latencyMs.p50"), ("p90 ms", "latencyMs.p90"),
                    ("p99 ms", "latencyMs.p99"), ("p99.9 ms", "latencyMs.p999"), ("max ms", "latencyMs.max"),
                    ("fan-out p50 ms", "fanoutCompletionMs.p50"), ("fan-out p99 ms", "fanoutCompletionMs.p99"),
                    ("passed", "passed")])
    g = latency.get("gridcast")
    if g:
        print("\n| vs | p50 ratio | p99 ratio (lower is better) |\n|---|---|---|")
        for t, r in latency.items():
            if t != "gridcast":
                print(f"| {t} | {g['latencyMs']['p50'] / max(r['latencyMs']['p50'], 1e-9):.2f} | {g['latencyMs']['p99'] / max(r['latencyMs']['p99'], 1e-9):.2f} |")
def server_rows(r, label):
    keys = [("serverCpuSeconds", "server CPU in the measured phase (s)"),
            ("serverCpuMsPerThousandDeliveries", "server CPU per 1,000 deliveries (ms)"),
            ("serverHeapBytesPerConnection", "server heap in use ÷ connections (bytes, no GC forced)"),
            ("redisCommandsPerNotice", "Redis commands per notice (INFO commandstats, script calls included)"),
            ("redisCommandsTop", "Redis top commands")]
    rows = [(name, r.get(k)) for k, name in keys if r.get(k) is not None]
    if rows:
        print(f"\n**Gridcast server, {label}** (from its `/metrics` and its Redis, read before and after the phase)\n")
        print("| figure | value |\n|---|---|")
        for name, v in rows:
            if isinstance(v, dict):
                v = ", ".join(f"{k} {n}" for k, n in v.items())
            print(f"| {name} | {v} |")
if "gridcast" in reports:
    server_rows(reports["gridcast"], "throughput phase")
if "gridcast" in latency:
    server_rows(latency["gridcast"], "latency phase")
print("\n## Peer settings\n")
for t, r in reports.items():
    facts = r.get("facts", {})
    print(f"- **{t}**: " + "; ".join(f"{k}: {v}" for k, v in facts.items()))
print("\n## Commands\n\n```")
lat = f" LAT_RATE={lat_rate} LAT_DURATION={lat_duration} LAT_WARMUP={lat_warmup}" if lat_rate else ""
print(f"RESIDENTS={residents} LEVEL={level} RATE={rate} DURATION={duration} PAYLOAD={payload}{lat} scripts/bench.sh")
try:
    print(open(os.path.join(out, "commands.txt")).read().strip())
except OSError:
    pass
print("```")
