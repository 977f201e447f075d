-- Tap-to-confirm one entry: raises the read cursor to it and adds the member to the entry's
-- confirm set. For an inbox copy of a point-to-point post the caller then adds the member to
-- the origin entry's set (ch:{o:S}:confirm:<origin seq>, another slot) in a second step.
-- KEYS[1] ch:{C}:log; KEYS[2] ch:{C}:read; KEYS[3] ch:{C}:confirm:<seq>
-- ARGV[1] member; ARGV[2] seq
-- Returns -1 when seq is not an entry of C, 1 when newly confirmed, 0 when confirmed before.
local head = tonumber(redis.call('HGET', KEYS[1], 'head') or '0')
local seq = tonumber(ARGV[2])
if seq < 1 or seq > head then
  return -1
end
local current = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if seq > current then
  redis.call('HSET', KEYS[2], ARGV[1], seq)
end
return redis.call('SADD', KEYS[3], ARGV[1])
