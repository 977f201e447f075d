-- Appends one entry to an inbox, outbox or consultation channel (reminders, event updates,
-- consultation messages, the outbox entry of a point-to-point post). Stores only: the caller
-- reads the followers' presence and publishes (their presence keys live in other slots).
-- All keys in the slot {C}.
-- KEYS[1] ch:{C}:log
-- KEYS[2] ch:{C}:dedupe:<id>
-- KEYS[3] ch:{C}:published:<id> (read only; the caller writes it after publishing)
-- ARGV[1] the Notice encoded without seq; ARGV[2] dedupe TTL in seconds
-- Returns {seq, state, stored Notice bytes}; state 0: stored now, 1: a retry of an entry already
-- published, 2: a retry of an entry stored but never published (the caller publishes on 0 and 2).
-- varint() and retry_state() are in entry_lib.lua, which notice/EntryLua puts in front of this file.
local first = redis.call('GET', KEYS[2])
if first then
  return {tonumber(first), retry_state(KEYS[3]), redis.call('HGET', KEYS[1], first)}
end

local seq = redis.call('HINCRBY', KEYS[1], 'head', 1)
local stored = ARGV[1] .. '\16' .. varint(seq)
redis.call('HSET', KEYS[1], tostring(seq), stored)
redis.call('SET', KEYS[2], seq, 'EX', ARGV[2])

return {seq, 0, stored}
