-- Appends one entry to an inbox, outbox or consultation channel (reminders, event updates,
-- consultation messages) and publishes it once to each node that holds a session of a member
-- who follows the channel.
-- KEYS[1] ch:{C}:log
-- KEYS[2] ch:{C}:dedupe:<id>
-- KEYS[3] ch:{C}:parties   set of members (consultations); may not exist
-- KEYS[4..] presence:<member> hashes (device -> node) of members known up front (inbox owner)
-- ARGV[1] the Notice encoded without seq; ARGV[2] dedupe TTL in seconds;
-- ARGV[3] prefix of presence keys, for the members listed in KEYS[3]
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
local stored = ARGV[1] .. '\16' .. varint(seq)
redis.call('HSET', KEYS[1], tostring(seq), stored)
redis.call('SET', KEYS[2], seq, 'EX', ARGV[2])

local presence = {}
for i = 4, #KEYS do
  presence[#presence + 1] = KEYS[i]
end
for _, member in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  presence[#presence + 1] = ARGV[3] .. member
end

local message = '\10' .. varint(#stored) .. stored
local published = {}
local count = 0
for _, key in ipairs(presence) do
  for _, node in ipairs(redis.call('HVALS', key)) do
    if not published[node] then
      published[node] = true
      count = count + 1
      redis.call('PUBLISH', 'node:' .. node, message)
    end
  end
end
return {seq, 0, stored, count}
