-- A point-to-point post: one outbox entry for the sender, one inbox entry per recipient, the
-- recipients hash of the outbox entry, and a publish of each inbox entry to the nodes that hold
-- the recipient's sessions (once per distinct node). At most 1,000 recipients per call.
-- KEYS[1] ch:{o:S}:log; KEYS[2] ch:{o:S}:dedupe:<id>
-- KEYS[3 + 2k] ch:{i:M_k}:log; KEYS[4 + 2k] presence:M_k   (k = 0 .. n-1)
-- ARGV[1] outbox Notice without seq; ARGV[2] inbox Notice template without channel, seq and
-- origin_seq; ARGV[3] dedupe TTL in seconds; ARGV[4] prefix of the rcpt keys (ch:{o:S}:rcpt:);
-- ARGV[4 + 2k + 1] inbox channel of M_k; ARGV[4 + 2k + 2] member id M_k
-- Returns {outbox seq, duplicate 0|1, recipients, stored outbox Notice bytes}
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
  return {tonumber(first), 1, redis.call('HLEN', ARGV[4] .. first), redis.call('HGET', KEYS[1], first)}
end

local oseq = redis.call('HINCRBY', KEYS[1], 'head', 1)
local stored = ARGV[1] .. '\16' .. varint(oseq)
redis.call('HSET', KEYS[1], tostring(oseq), stored)
redis.call('SET', KEYS[2], oseq, 'EX', ARGV[3])

local rcpt = ARGV[4] .. oseq
local n = (#KEYS - 2) / 2
for k = 0, n - 1 do
  local log = KEYS[3 + 2 * k]
  local channel = ARGV[5 + 2 * k]
  local member = ARGV[6 + 2 * k]
  local iseq = redis.call('HINCRBY', log, 'head', 1)
  -- field 1 channel (0x0A), field 2 seq (0x10), field 9 origin_seq (0x48)
  local entry = ARGV[2] .. '\10' .. varint(#channel) .. channel .. '\16' .. varint(iseq)
      .. '\72' .. varint(oseq)
  redis.call('HSET', log, tostring(iseq), entry)
  redis.call('HSET', rcpt, member, channel .. ' ' .. iseq)
  local message = '\10' .. varint(#entry) .. entry
  local published = {}
  for _, node in ipairs(redis.call('HVALS', KEYS[4 + 2 * k])) do
    if not published[node] then
      published[node] = true
      redis.call('PUBLISH', 'node:' .. node, message)
    end
  end
end
return {oseq, 0, n, stored}
