#!/usr/bin/env python3
"""Writes a town of N residents in the Redis key layout of the version before hash-tagged keys
(see docs/OPERATIONS.md, "Upgrading"), as Redis protocol for `redis-cli --pipe`, to time
`gridcast-server migrate-keys` on a realistic keyspace:

    python3 scripts/old-layout.py 100000 | redis-cli -u "$URL" --pipe

Per resident: `dir:member:<id>`; every tenth is online (`presence:<id>`), every hundredth revoked
(`revoked:<id>`) and has a read cursor. Per unit (a community per 5,000 residents, 5 grids each,
6 micro-grids per grid): `dir:unit:<id>`, `dir:members:<id>`, `route:<id>`, and its channel's
`ch:{u:<id>}:log` and `:start` (names that did not change, so the scan walks past them). Plus
the directory markers, one invite and one stale node's lease, online counts and routes.
"""
import sys


def resp(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        b = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(out)


def main():
    residents = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    w = sys.stdout.buffer.write
    town = "t1"
    units = [(town, "", "TOWN")]
    microgrids = []
    for c in range(1, max(1, residents // 5000) + 1):
        community = "%s-c%d" % (town, c)
        units.append((community, town, "COMMUNITY"))
        for g in range(1, 6):
            grid = "%s-g%d" % (community, g)
            units.append((grid, community, "GRID"))
            for m in range(1, 7):
                microgrid = "%s-m%d" % (grid, m)
                units.append((microgrid, grid, "MICROGRID"))
                microgrids.append(microgrid)
    for uid, parent, kind in units:
        w(resp("HSET", "dir:unit:" + uid, "parent", parent, "kind", kind, "name", uid))
        w(resp("SADD", "dir:units", uid))
        w(resp("SADD", "route:" + uid, "n-old"))
        w(resp("HSET", "ch:{u:%s}:log" % uid, "head", 1, "1", b"\x0a\x04u:xx\x10\x01"))
        w(resp("HSET", "ch:{u:%s}:start" % uid, "x", 0))
    for n in range(residents):
        microgrid = microgrids[n % len(microgrids)]
        member = "%s-r%d" % (microgrid, n // len(microgrids) + 1)
        w(resp("HSET", "dir:member:" + member, "unit", microgrid, "role", "RESIDENT", "name", member,
               "tag", "", "joined", 0))
        w(resp("SADD", "dir:members:" + microgrid, member))
        if n % 10 == 0:
            w(resp("HSET", "presence:" + member, "phone", "n-old"))
        if n % 100 == 0:
            w(resp("SET", "revoked:" + member, 1))
            w(resp("HSET", "ch:{u:%s}:read" % microgrid, member, 1))
    w(resp("SET", "dir:seeded", "old-layout.py units=%d members=%d" % (len(units), residents)))
    w(resp("SET", "dir:version", 1))
    w(resp("HSET", "invite:7KQ2MXP9AZ", "unit", microgrids[0], "name", "", "member", "", "issuer", "op",
           "expires", 4102444800000, "issuerRole", "OPERATOR"))
    w(resp("SET", "node:n-old:lease", 1, "PX", 3600000))
    w(resp("HSET", "node:n-old:online", town, 0))
    w(resp("SADD", "node:n-old:routes", town))


if __name__ == "__main__":
    main()
