-- Removes a member: its hash and its entry in its unit's set, then bumps dir:version.
-- All keys in the slot {dir}.
-- KEYS[1] dir:{dir}:member:<id>  KEYS[2] dir:{dir}:version  KEYS[3] dir:{dir}:members:<unit>
-- ARGV[1] member id  ARGV[2] the unit the caller read as the member's (KEYS[3] is its set)
-- Returns {version, field, value, ...} of the removed member, {-1} when there is none, {-4}
-- when its unit is no longer ARGV[2] (moved meanwhile: read again and retry).
local all = redis.call('HGETALL', KEYS[1])
if #all == 0 then
  return {-1}
end
local unit = redis.call('HGET', KEYS[1], 'unit')
if unit ~= ARGV[2] then
  return {-4}
end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[3], ARGV[1])
local reply = {redis.call('INCR', KEYS[2])}
for _, v in ipairs(all) do
  reply[#reply + 1] = v
end
return reply
