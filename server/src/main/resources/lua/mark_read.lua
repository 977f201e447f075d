-- Raises a member's read cursor (never lowers it), clamped to the channel's head.
-- KEYS[1] ch:{C}:log; KEYS[2] ch:{C}:read; ARGV[1] member; ARGV[2] seq
-- Returns the cursor after the call.
local head = tonumber(redis.call('HGET', KEYS[1], 'head') or '0')
local wanted = math.min(tonumber(ARGV[2]), head)
local current = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if wanted > current then
  redis.call('HSET', KEYS[2], ARGV[1], wanted)
  return wanted
end
return current
