-- Appends one notice to a unit channel and tells the nodes that hold its audience.
-- Work: O(1 + nodes), whatever the size of the unit's subtree.
-- KEYS[1] ch:{u:U}:log        hash: head, <seq> -> Notice bytes
-- KEYS[2] ch:{u:U}:dedupe:<id> string: seq of the first post with that client_msg_id
-- KEYS[3] route:<U>            set of nodes holding sessions in U's subtree (read only)
-- ARGV[1] the Notice encoded without seq; ARGV[2] dedupe TTL in seconds
-- Returns {seq, duplicate 0|1, stored Notice bytes, nodes published to}
local function varint(n)
  local out = {}
  while n >= 128 do
    out[#out + 1] = string.char(n % 128 + 128)
    n = math.floor(n / 128)
  end
  out[#out + 1] = string.char(n)
  return table.concat(out)
end

local first = redis.call('GET', KEYS[2])
if first then
  return {tonumber(first), 1, redis.call('HGET', KEYS[1], first), 0}
end

local seq = redis.call('HINCRBY', KEYS[1], 'head', 1)
-- protobuf merges repeated scalar fields: appending field 2 (tag 0x10) sets Notice.seq
local stored = ARGV[1] .. '\16' .. varint(seq)
redis.call('HSET', KEYS[1], tostring(seq), stored)
redis.call('SET', KEYS[2], seq, 'EX', ARGV[2])

-- NodeMessage{notice = 1}: tag 0x0A, length, the Notice
local message = '\10' .. varint(#stored) .. stored
local nodes = redis.call('SMEMBERS', KEYS[3])
for _, node in ipairs(nodes) do
  redis.call('PUBLISH', 'node:' .. node, message)
end
return {seq, 0, stored, #nodes}
