-- One recipient's step of a point-to-point post: the inbox copy of outbox entry <o:S> #oseq,
-- stored once whatever the retries (dedupe on the origin), and the nodes holding the
-- recipient's sessions. All keys in the recipient's slot {i:M}.
-- KEYS[1] ch:{i:M}:log
-- KEYS[2] ch:{i:M}:dedupe:<origin channel>#<origin seq>
-- KEYS[3] presence:{i:M}   hash device -> node (read only)
-- KEYS[4] ch:{i:M}:published:<origin channel>#<origin seq> (read only; written after the push)
-- ARGV[1] inbox Notice template without channel, seq and origin_seq; ARGV[2] inbox channel i:M;
-- ARGV[3] origin seq; ARGV[4] dedupe TTL in seconds
-- Returns {inbox seq, state, stored entry bytes, node...}; state 0: stored now, 1: a retry of a
-- copy already pushed, 2: a retry of a copy stored but never pushed (the caller pushes on 0 and 2).
-- varint() and retry_state() are in entry_lib.lua, which notice/EntryLua puts in front of this file.
local function reply(seq, duplicate, entry)
  local out = {seq, duplicate, entry}
  local seen = {}
  for _, node in ipairs(redis.call('HVALS', KEYS[3])) do
    if not seen[node] then
      seen[node] = true
      out[#out + 1] = node
    end
  end
  return out
end

local first = redis.call('GET', KEYS[2])
if first then
  return reply(tonumber(first), retry_state(KEYS[4]), redis.call('HGET', KEYS[1], first))
end
local iseq = redis.call('HINCRBY', KEYS[1], 'head', 1)
local channel = ARGV[2]
-- field 1 channel (0x0A), field 2 seq (0x10), field 9 origin_seq (0x48)
local entry = ARGV[1] .. '\10' .. varint(#channel) .. channel .. '\16' .. varint(iseq)
    .. '\72' .. varint(tonumber(ARGV[3]))
redis.call('HSET', KEYS[1], tostring(iseq), entry)
redis.call('SET', KEYS[2], iseq, 'EX', ARGV[4])
return reply(iseq, 0, entry)
