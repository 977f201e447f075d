-- Forgets a reaped node id, unless it was seen alive again since the sweep found it stale.
-- KEYS[1] nodes:{nodes}:seen   ARGV[1] node   ARGV[2] age (ms)
local seen = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not seen then
  return 0
end
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
if tonumber(seen) > now - tonumber(ARGV[2]) then
  return 0
end
return redis.call('ZREM', KEYS[1], ARGV[1])
