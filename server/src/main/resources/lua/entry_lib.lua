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
