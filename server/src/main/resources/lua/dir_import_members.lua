-- Seed import: stores a batch of members in one call (thousands of times fewer round trips and
-- command dispatches than one HSET + SADD each). Runs only while importing into an empty Redis.
-- All keys in the slot {dir}. Per member k (from 0): KEYS[2k+1] dir:{dir}:member:<id>,
-- KEYS[2k+2] dir:{dir}:members:<unit>. ARGV[1] joined (ms), then per member id, unit, role,
-- name, tag. Returns the number of members stored.
local joined = ARGV[1]
local n = 0
for i = 2, #ARGV, 5 do
  local id, unit = ARGV[i], ARGV[i + 1]
  redis.call('HSET', KEYS[2 * n + 1], 'unit', unit, 'role', ARGV[i + 2], 'name', ARGV[i + 3],
      'tag', ARGV[i + 4], 'joined', joined)
  redis.call('SADD', KEYS[2 * n + 2], id)
  n = n + 1
end
return n
