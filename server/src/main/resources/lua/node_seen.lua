-- Notes in the registry of node ids that a node is alive now, by this Redis's clock: the sweep
-- (nodes_stale.lua) compares these times with the same clock, never with a node's own.
-- KEYS[1] nodes:{nodes}:seen   ARGV[1] node
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], t[1] * 1000 + math.floor(t[2] / 1000), ARGV[1])
return 1
