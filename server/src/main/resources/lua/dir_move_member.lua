-- Moves a member to another micro-grid, keeping its role: the member hash and both unit sets
-- change together, dir:version is bumped and the move is appended to the audit stream (capped).
-- All keys in the slot {dir}.
-- KEYS[1] dir:{dir}:member:<id>  KEYS[2] dir:{dir}:unit:<to>  KEYS[3] dir:{dir}:version
-- KEYS[4] dir:{dir}:audit  KEYS[5] dir:{dir}:members:<from>  KEYS[6] dir:{dir}:members:<to>
-- ARGV[1] member id  ARGV[2] target unit id  ARGV[3] actor id  ARGV[4] now (ms)
-- ARGV[5] most entries the audit stream keeps  ARGV[6] the unit the caller read as the member's
-- (KEYS[5] is its set: a script declares every key it touches)
-- Returns {version, field, value, ...} of the moved member, or {-1} unknown member,
-- {-2} unknown unit, {-3} target is not a micro-grid, {-4} the member's unit is no longer
-- ARGV[6] (moved meanwhile: read again and retry). Moving to the current unit changes nothing.
local from = redis.call('HGET', KEYS[1], 'unit')
if not from then
  return {-1}
end
if from ~= ARGV[6] then
  return {-4}
end
local kind = redis.call('HGET', KEYS[2], 'kind')
if not kind then
  return {-2}
end
if kind ~= 'MICROGRID' then
  return {-3}
end
local version
if from == ARGV[2] then
  version = tonumber(redis.call('GET', KEYS[3]) or '0')
else
  redis.call('SREM', KEYS[5], ARGV[1])
  redis.call('SADD', KEYS[6], ARGV[1])
  redis.call('HSET', KEYS[1], 'unit', ARGV[2])
  version = redis.call('INCR', KEYS[3])
  redis.call('XADD', KEYS[4], 'MAXLEN', ARGV[5], '*', 'actor', ARGV[3], 'action', 'move', 'member', ARGV[1],
    'from', from, 'to', ARGV[2], 'at', ARGV[4])
end
local reply = {version}
for _, v in ipairs(redis.call('HGETALL', KEYS[1])) do
  reply[#reply + 1] = v
end
return reply
