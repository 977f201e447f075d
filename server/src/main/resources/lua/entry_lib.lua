-- Shared by the scripts that append an entry to a channel (post_unit, append, inbox_copy): the
-- loader (notice/EntryLua) puts it in front of each, so every script stays one atomic unit.

-- A protobuf base-128 varint: the stored entry is the client's Notice bytes with fields appended
-- (seq, and for an inbox copy channel and origin_seq); protobuf takes the last value of a field.
local function varint(n)
  local out = {}
  while n >= 128 do
    out[#out + 1] = string.char(n % 128 + 128)
    n = math.floor(n / 128)
  end
  out[#out + 1] = string.char(n)
  return table.concat(out)
end

-- The state a store script answers for a retry (its dedupe key already names a seq): 1 when the
-- entry's publish completed (the caller wrote the marker ch:{C}:published:<id> after it), 2 when
-- it never did, e.g. the first attempt's script ran after the server had stopped waiting for it.
-- A new entry is state 0. The caller publishes on 0 and 2, so a stored entry is published at
-- least once and, outside a narrow race, exactly once (docs/ARCHITECTURE.md).
local function retry_state(published)
  if redis.call('EXISTS', published) == 1 then
    return 1
  end
  return 2
end
