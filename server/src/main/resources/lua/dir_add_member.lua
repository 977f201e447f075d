-- Adds a member: its hash and its unit's member set, then bumps dir:version.
-- All keys in the slot {dir}.
-- KEYS[1] dir:{dir}:member:<id>  KEYS[2] dir:{dir}:members:<unit>  KEYS[3] dir:{dir}:unit:<unit>
-- KEYS[4] dir:{dir}:version
-- ARGV unit, role, name, tag, joined, member id
-- Returns the new directory version, -1 for an unknown unit, -2 when the member exists.
if redis.call('EXISTS', KEYS[3]) == 0 then
  return -1
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  return -2
end
redis.call('HSET', KEYS[1], 'unit', ARGV[1], 'role', ARGV[2], 'name', ARGV[3], 'tag', ARGV[4], 'joined', ARGV[5])
redis.call('SADD', KEYS[2], ARGV[6])
return redis.call('INCR', KEYS[4])
