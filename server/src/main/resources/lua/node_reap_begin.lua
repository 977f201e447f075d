-- Starts the removal of a dead node's routes and presence: only while its lease is gone, and
-- only one sweeper at a time (the fence, with a TTL in case the sweeper dies). The node, if it
-- comes back, sees the fence (node_lease.lua) and writes its routes again once the fence is gone.
-- Returns {0} when the node is alive or another sweeper holds the fence, else {1, units...}: the
-- units whose routes name the node.
-- KEYS[1] node:{node:N}:lease   KEYS[2] node:{node:N}:reaping   KEYS[3] node:{node:N}:routes
-- ARGV[1] this sweep's token   ARGV[2] fence TTL (ms)
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {0}
end
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[1] then
  return {0}
end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
local out = {1}
for _, unit in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  out[#out + 1] = unit
end
return out
