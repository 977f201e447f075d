-- Appends one notice to a unit channel and names the nodes that hold its audience; the caller
-- publishes to them (each node channel lives in its own cluster slot, so not from here).
-- Work: O(1 + nodes), whatever the size of the unit's subtree. All keys in the slot {u:U}.
-- KEYS[1] ch:{u:U}:log         hash: head, <seq> -> Notice bytes
-- KEYS[2] ch:{u:U}:dedupe:<id> string: seq of the first post with that client_msg_id
-- KEYS[3] route:{u:U}          set of nodes holding sessions in U's subtree (read only)
-- KEYS[4] ch:{u:U}:published:<id> string: present once that post's publish completed (read only;
--         the caller writes it after publishing)
-- ARGV[1] the Notice encoded without seq; ARGV[2] dedupe TTL in seconds
-- Returns {seq, state, stored Notice bytes, node...}; state 0: stored now, 1: a retry of a post
-- already published, 2: a retry of a post stored but never published (its first attempt timed
-- out before the publish). A duplicate names the nodes too: the caller publishes on 0 and 2.
-- varint() and retry_state() are in entry_lib.lua, which notice/EntryLua puts in front of this file.
local function reply(seq, duplicate, stored)
  local out = {seq, duplicate, stored}
  for _, node in ipairs(redis.call('SMEMBERS', KEYS[3])) do
    out[#out + 1] = node
  end
  return out
end

local first = redis.call('GET', KEYS[2])
if first then
  return reply(tonumber(first), retry_state(KEYS[4]), redis.call('HGET', KEYS[1], first))
end

local seq = redis.call('HINCRBY', KEYS[1], 'head', 1)
-- protobuf merges repeated scalar fields: appending field 2 (tag 0x10) sets Notice.seq
local stored = ARGV[1] .. '\16' .. varint(seq)
redis.call('HSET', KEYS[1], tostring(seq), stored)
redis.call('SET', KEYS[2], seq, 'EX', ARGV[2])

return reply(seq, 0, stored)
