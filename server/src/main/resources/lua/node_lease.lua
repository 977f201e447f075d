-- Takes or renews the node's lease and says what the node must know about the time before:
-- whether the lease was still there (if not, the node was paused or cut off past its TTL, and a
-- sweep may have removed its routes and presence) and whether a sweep is removing them now.
-- KEYS[1] node:{node:N}:lease   KEYS[2] node:{node:N}:reaping   ARGV[1] node   ARGV[2] lease TTL (ms)
local had = redis.call('EXISTS', KEYS[1])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return {had, redis.call('EXISTS', KEYS[2])}
