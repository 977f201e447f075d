-- Ends a removal begun by node_reap_begin.lua. Returns 0 when this sweep no longer holds the
-- fence (it took too long; the next sweep starts over), 1 when the node came back meanwhile (its
-- lists are its own again: only the fence goes), 2 when the node's lists are deleted.
-- KEYS[1] node:{node:N}:lease   KEYS[2] node:{node:N}:reaping   KEYS[3] node:{node:N}:routes
-- KEYS[4] node:{node:N}:online   ARGV[1] this sweep's token
if redis.call('GET', KEYS[2]) ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[2])
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 1
end
redis.call('DEL', KEYS[3], KEYS[4])
return 2
