-- A member's state in one channel, optionally starting to follow it first.
-- KEYS[1] ch:{C}:log; KEYS[2] ch:{C}:read; KEYS[3] ch:{C}:start
-- ARGV[1] member; ARGV[2] 'peek' (read only), 'head' (follow from now: older entries are not
-- the member's) or 'zero' (follow from the beginning: seeded members)
-- A member who already follows keeps its start (HSETNX).
-- Returns {head, read, start}
local head = tonumber(redis.call('HGET', KEYS[1], 'head') or '0')
if ARGV[2] == 'head' then
  redis.call('HSETNX', KEYS[3], ARGV[1], head)
elseif ARGV[2] == 'zero' then
  redis.call('HSETNX', KEYS[3], ARGV[1], 0)
end
local start = tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0')
local read = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
return {head, read, start}
