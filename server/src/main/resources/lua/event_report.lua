-- Creates an event (report, or import of a finished one), idempotent on the client's report id.
-- ARGV[1] dedupe key suffix ('' = none), ARGV[2] its TTL in seconds, ARGV[3] explicit id
-- ('' = allocate E<n>), ARGV[4] n = number of timeline entries, ARGV[5..4+n] the entries,
-- then field/value pairs. Returns {id, state, version, 1 if created else 0}.
local dedupe = ARGV[1]
if dedupe ~= '' then
  local existing = redis.call('GET', P .. 'client:' .. dedupe)
  if existing then
    local e = redis.call('HMGET', P .. 'e:' .. existing, 'state', 'ver')
    return {existing, e[1] or '', e[2] or '0', 0}
  end
end
local id = ARGV[3]
if id == '' then id = 'E' .. redis.call('INCR', P .. 'seq') end
local key = P .. 'e:' .. id
if redis.call('EXISTS', key) == 1 then
  local e = redis.call('HMGET', key, 'state', 'ver')
  return {id, e[1], e[2], 0}
end
local n = tonumber(ARGV[4])
for i = 1, n do redis.call('RPUSH', P .. 'tl:' .. id, ARGV[4 + i]) end
local fields = {'id', id, 'ver', '1'}
for i = 5 + n, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', key, unpack(fields))
local h = hgetall(key)
place({}, h, id)
schedule(h, id)
count({}, h)
redis.call('ZADD', P .. 'by:' .. h.reporter, num(h, 'created'), id)
if dedupe ~= '' then redis.call('SET', P .. 'client:' .. dedupe, id, 'EX', tonumber(ARGV[2])) end
return {id, h.state, h.ver, 1}
