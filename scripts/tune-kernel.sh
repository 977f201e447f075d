#!/usr/bin/env bash
# Kernel settings for holding very many TCP connections on one machine (server and load
# generator alike). Run as root; prints each setting before and after. Not persistent: copy the
# sysctl lines into /etc/sysctl.d/90-gridcast.conf and the limits into
# /etc/security/limits.d/90-gridcast.conf (or LimitNOFILE= in a systemd unit) to keep them.
# See docs/LOADTEST.md, "Scale".
set -euo pipefail

set_sysctl() {
  local key=$1 value=$2
  printf '%-40s %s -> %s\n' "$key" "$(sysctl -n "$key" 2>/dev/null | tr '\t' ' ')" "$value"
  sysctl -q -w "$key=$value" || echo "  (could not set $key: not root, or a container without that namespace)"
}

# One fd per connection, both ends on one box: 2 per connection plus slack.
set_sysctl fs.nr_open 4194304
set_sysctl fs.file-max 4194304
# Ephemeral ports per (source address, destination): the widest range. Past ~64k connections
# per destination port the load tester binds extra loopback sources (--source-ips).
set_sysctl net.ipv4.ip_local_port_range "1024 65535"
# A reconnect storm fills the accept queue: let it hold a burst.
set_sysctl net.core.somaxconn 65535
set_sysctl net.ipv4.tcp_max_syn_backlog 65535
set_sysctl net.core.netdev_max_backlog 65535
# TCP memory in pages (4 KiB): min / pressure / max for all sockets together. 1M idle sockets
# hold little, but a fan-out burst queues in them; 8 / 12 / 16 GiB on a 24 GiB box.
set_sysctl net.ipv4.tcp_mem "2097152 3145728 4194304"
# Per-socket buffers: small defaults (4 KiB) so a million idle sockets stay cheap; autotuning
# grows the busy ones.
set_sysctl net.ipv4.tcp_rmem "4096 4096 6291456"
set_sysctl net.ipv4.tcp_wmem "4096 4096 6291456"
# Closed load-test connections linger in TIME_WAIT; reuse them for new outgoing connections.
set_sysctl net.ipv4.tcp_tw_reuse 1
set_sysctl net.ipv4.tcp_max_tw_buckets 2000000
# Connection tracking (if loaded) would cap the table long before the sockets do.
if [ -e /proc/sys/net/netfilter/nf_conntrack_max ]; then
  set_sysctl net.netfilter.nf_conntrack_max 4194304
fi

# This shell's fd limit (processes started from it inherit it).
before=$(ulimit -n)
ulimit -n 4194304 2>/dev/null || ulimit -n "$(cat /proc/sys/fs/nr_open)" 2>/dev/null || true
echo "ulimit -n                                $before -> $(ulimit -n) (this shell and its children)"
