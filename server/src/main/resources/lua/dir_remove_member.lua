-- Removes a member: its hash and its entry in its unit's set, then bumps dir:version.
-- KEYS[1] dir:member:<id>  KEYS[2] dir:version   ARGV[1] member id
-- Returns {version, field, value, ...} of the removed member, or {-1} when there is none.
local all = redis.call('HGETALL', KEYS[1])
if #all == 0 then
  return {-1}
end
local unit = redis.call('HGET', KEYS[1], 'unit')
redis.call('DEL', KEYS[1])
redis.call('SREM', 'dir:members:' .. unit, ARGV[1])
local reply = {redis.call('INCR', KEYS[2])}
for _, v in ipairs(all) do
  reply[#reply + 1] = v
end
return reply
