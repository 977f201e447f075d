-- Applies one permitted change (transition, rating, follow-up) atomically, if the event is
-- still in the state (and version) the caller decided on.
-- ARGV[1] id, ARGV[2] expected state, ARGV[3] expected version ('0' = any), ARGV[4] timeline
-- entry, then field/value pairs. Returns {'OK', state, version}, {'STALE', state, version} or {'UNKNOWN'}.
local id = ARGV[1]
local key = P .. 'e:' .. id
local old = hgetall(key)
if old.state == nil then return {'UNKNOWN'} end
if old.state ~= ARGV[2] or (ARGV[3] ~= '0' and old.ver ~= ARGV[3]) then
  return {'STALE', old.state, old.ver}
end
if #ARGV > 4 then
  local fields = {}
  for i = 5, #ARGV do fields[#fields + 1] = ARGV[i] end
  redis.call('HSET', key, unpack(fields))
end
redis.call('HINCRBY', key, 'ver', 1)
local new = hgetall(key)
place(old, new, id)
schedule(new, id)
count(old, new)
redis.call('RPUSH', P .. 'tl:' .. id, ARGV[4])
return {'OK', new.state, new.ver}
