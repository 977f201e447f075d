-- Node ids whose last lease refresh is older than ARGV[1] ms by this Redis's clock, at most ARGV[2].
-- KEYS[1] nodes:{nodes}:seen   ARGV[1] age (ms)   ARGV[2] limit
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]), 'LIMIT', 0, tonumber(ARGV[2]))
