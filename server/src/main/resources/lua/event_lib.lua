-- Shared by every event_*.lua script: the loader prepends it, so each script stays one atomic
-- unit. All event keys share the hash tag {ev} (KEYS[1] = "ev:{ev}:"), so in a Redis Cluster
-- every script touches one slot. Event traffic is small (~67 a day for a street, 10x at peak).
local P = KEYS[1]
local QUEUES = {'pending', 'active', 'overdue'}
local PENDING = {SUBMITTED = true, DISPATCHED = true, RETURNED = true, ESCALATED = true, REOPENED = true}
local ACTIVE = {ACCEPTED = true, IN_PROGRESS = true, RESOLVED = true}
local RESOLUTION = {ACCEPTED = true, DISPATCHED = true, IN_PROGRESS = true, RETURNED = true, ESCALATED = true, REOPENED = true}
local METRICS = {'reported', 'valid', 'transferred', 'closed', 'closedOnTime', 'rated', 'satisfied', 'followedUp', 'overdue'}

local function hgetall(key)
  local flat = redis.call('HGETALL', key)
  local h = {}
  for i = 1, #flat, 2 do h[flat[i]] = flat[i + 1] end
  return h
end

local function num(h, f)
  local v = h[f]
  if v == nil or v == '' then return 0 end
  return tonumber(v)
end

-- 'a' while the acceptance limit runs, 'r' while the resolution limit runs, nil otherwise
local function phase(h)
  if h.state == 'SUBMITTED' then return 'a' end
  if RESOLUTION[h.state] then return 'r' end
  return nil
end

local function flagOf(h)
  local p = phase(h)
  if p == 'a' then return num(h, 'aflag') elseif p == 'r' then return num(h, 'rflag') end
  return 0
end

local function sortDeadline(h)
  if h.state == 'SUBMITTED' then return num(h, 'acceptDue') end
  local d = num(h, 'resolveDue')
  if d == 0 then return num(h, 'created') end
  return d
end

local function queueOf(h)
  if PENDING[h.state] then return 'pending' elseif ACTIVE[h.state] then return 'active' end
  return nil
end

local function owners(h)
  local list = {}
  for o in string.gmatch(h.owners or '', '%S+') do list[#list + 1] = o end
  return list
end

-- Takes the event out of every queue of its old owners and files it where its new fields say:
-- ':t' sorted by creation time, ':d' by the deadline of the current phase.
local function place(old, new, id)
  for _, o in ipairs(owners(old)) do
    for _, q in ipairs(QUEUES) do
      redis.call('ZREM', P .. 'q:' .. o .. ':' .. q .. ':t', id)
      redis.call('ZREM', P .. 'q:' .. o .. ':' .. q .. ':d', id)
    end
  end
  local q = queueOf(new)
  if q == nil then return end
  local created = num(new, 'created')
  local due = sortDeadline(new)
  local red = flagOf(new) >= 2
  for _, o in ipairs(owners(new)) do
    redis.call('ZADD', P .. 'q:' .. o .. ':' .. q .. ':t', created, id)
    redis.call('ZADD', P .. 'q:' .. o .. ':' .. q .. ':d', due, id)
    if red then
      redis.call('ZADD', P .. 'q:' .. o .. ':overdue:t', created, id)
      redis.call('ZADD', P .. 'q:' .. o .. ':overdue:d', due, id)
    end
  end
end

-- The time the sweeper should next look at the event (yellow, then red), or nil.
local function nextFlagAt(h)
  local p = phase(h)
  if p == 'a' then
    local f = num(h, 'aflag')
    if f < 1 then return num(h, 'acceptYellow') elseif f < 2 then return num(h, 'acceptDue') end
  elseif p == 'r' and num(h, 'resolveDue') > 0 then
    local f = num(h, 'rflag')
    if f < 1 then return num(h, 'resolveYellow') elseif f < 2 then return num(h, 'resolveDue') end
  end
  return nil
end

local function schedule(h, id)
  local at = nextFlagAt(h)
  if at then redis.call('ZADD', P .. 'dl', at, id) else redis.call('ZREM', P .. 'dl', id) end
end

-- The per-event summary the stats count; definitions in docs/EVENTS.md.
local function metrics(h)
  local m = {}
  if h.state == nil then return m end
  local closed = h.state == 'CLOSED'
  m.reported = 1
  m.valid = (num(h, 'acceptedAt') > 0) and 1 or 0
  m.transferred = (num(h, 'dispatched') > 0) and 1 or 0
  m.closed = closed and 1 or 0
  m.closedOnTime = (closed and num(h, 'resolvedAt') <= num(h, 'resolveDue')) and 1 or 0
  m.rated = ((h.rating or '') ~= '') and 1 or 0
  m.satisfied = (h.rating == 'satisfied' or h.rating == 'basic') and 1 or 0
  m.followedUp = (closed and num(h, 'followUps') > 0) and 1 or 0
  m.overdue = (num(h, 'aflag') >= 2 or num(h, 'rflag') >= 2) and 1 or 0
  return m
end

-- Keeps the per-day counters (ev:{ev}:st:<yyyymmdd>, field "<unit>|<metric>") equal to the sum
-- of the summaries of the events reported that day, by adding the difference of this change.
local function count(old, new)
  local mo, mn = metrics(old), metrics(new)
  local day = new.day or old.day
  local unit = new.unit or old.unit
  for _, k in ipairs(METRICS) do
    local d = (mn[k] or 0) - (mo[k] or 0)
    if d ~= 0 then redis.call('HINCRBY', P .. 'st:' .. day, unit .. '|' .. k, d) end
  end
end
