-- Appends one notice to a unit channel and names the nodes that hold its audience; the caller
-- publishes to them (each node channel lives in its own cluster slot, so not from here).
-- Work: O(1 + nodes), whatever the size of the unit's subtree. All keys in the slot {u:U}.
-- KEYS[1] ch:{u:U}:log         hash: head, <seq> -> Notice bytes
-- KEYS[2] ch:{u:U}:dedupe:<id> string: seq of the first post with that client_msg_id
-- KEYS[3] route:{u:U}          set of nodes holding sessions in U's subtree (read only)
-- ARGV[1] the Notice encoded without seq; ARGV[2] dedupe TTL in seconds
-- Returns {seq, duplicate 0|1, stored Notice bytes, node...} (a duplicate names the nodes too;
-- the caller does not publish it again).
local function varint(n)
  local out = {}
  while n >= 128 do
    out[#out + 1] = string.char(n % 128 + 128)
    n = math.floor(n / 128)
  end
  out[#out + 1] = string.char(n)
  return table.concat(out)
end

local function reply(seq, duplicate, stored)
  local out = {seq, duplicate, stored}
  for _, node in ipairs(redis.call('SMEMBERS', KEYS[3])) do
    out[#out + 1] = node
  end
  return out
end

local first = redis.call('GET', KEYS[2])
if first then
  return reply(tonumber(first), 1, redis.call('HGET', KEYS[1], first))
end

local seq = redis.call('HINCRBY', KEYS[1], 'head', 1)
-- protobuf merges repeated scalar fields: appending field 2 (tag 0x10) sets Notice.seq
local stored = ARGV[1] .. '\16' .. varint(seq)
redis.call('HSET', KEYS[1], tostring(seq), stored)
redis.call('SET', KEYS[2], seq, 'EX', ARGV[2])

return reply(seq, 0, stored)
