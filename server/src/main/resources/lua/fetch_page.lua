-- A page of a channel's entries for Fetch, bounded by count and by bytes.
-- KEYS[1] ch:{C}:log
-- ARGV[1] after_seq (>= 0); ARGV[2] limit (entries); ARGV[3] budget (bytes for all entries);
-- ARGV[4] bytes counted per entry on top of its own length (its protobuf tag and length prefix)
-- Entries after_seq+1 .. after_seq+limit that exist, in order, up to the first missing one. An
-- entry that would take the page past the budget ends it, unless it is the first: a page always
-- moves the reader on. The budget is enforced here, not after the reply, so a Fetch never pulls
-- more than about one frame's worth of entries out of Redis.
-- Returns {head, entry...}
local head = tonumber(redis.call('HGET', KEYS[1], 'head') or '0')
local after = tonumber(ARGV[1])
local last = math.min(head, after + tonumber(ARGV[2]))
local budget = tonumber(ARGV[3])
local overhead = tonumber(ARGV[4])
local out = {head}
local used = 0
for seq = after + 1, last do
  local entry = redis.call('HGET', KEYS[1], string.format('%d', seq))
  if not entry then
    break
  end
  local size = #entry + overhead
  if #out > 1 and used + size > budget then
    break
  end
  used = used + size
  out[#out + 1] = entry
end
return out
