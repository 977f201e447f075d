-- Seed import: stores a batch of members in one call (thousands of times fewer round trips and
-- command dispatches than one HSET + SADD each). Runs only while importing into an empty Redis.
-- KEYS: none (a single Redis; see SeedImporter). ARGV[1] joined (ms), then per member
-- id, unit, role, name, tag. Returns the number of members stored.
local joined = ARGV[1]
local n = 0
for i = 2, #ARGV, 5 do
  local id, unit = ARGV[i], ARGV[i + 1]
  redis.call('HSET', 'dir:member:' .. id, 'unit', unit, 'role', ARGV[i + 2], 'name', ARGV[i + 3],
      'tag', ARGV[i + 4], 'joined', joined)
  redis.call('SADD', 'dir:members:' .. unit, id)
  n = n + 1
end
return n
