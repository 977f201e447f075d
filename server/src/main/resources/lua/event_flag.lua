-- Raises the yellow or red flag of the current phase if its time has come (idempotent: a flag
-- already raised is not raised again). ARGV[1] id, ARGV[2] now (ms).
-- Returns {level, phase} with level 1 yellow, 2 red, or {0} when nothing was raised.
local id = ARGV[1]
local now = tonumber(ARGV[2])
local key = P .. 'e:' .. id
local h = hgetall(key)
local p = phase(h)
if p == nil then
  redis.call('ZREM', P .. 'dl', id)
  return {0}
end
local due, yellow, field
if p == 'a' then
  due, yellow, field = num(h, 'acceptDue'), num(h, 'acceptYellow'), 'aflag'
else
  due, yellow, field = num(h, 'resolveDue'), num(h, 'resolveYellow'), 'rflag'
end
if due == 0 then
  redis.call('ZREM', P .. 'dl', id)
  return {0}
end
local level = 0
if now >= due then level = 2 elseif now >= yellow then level = 1 end
if level <= num(h, field) then
  schedule(h, id)
  return {0}
end
redis.call('HSET', key, field, tostring(level))
local new = hgetall(key)
place(h, new, id)
schedule(new, id)
count(h, new)
local name = (level == 2) and 'red' or 'yellow'
local which = (p == 'a') and 'acceptance' or 'resolution'
redis.call('RPUSH', P .. 'tl:' .. id, h.state .. '\tsystem\t' .. ARGV[2] .. '\tflag:' .. name .. ':' .. which)
return {level, p}
