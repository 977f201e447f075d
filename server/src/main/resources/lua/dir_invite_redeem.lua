-- Takes an invite exactly once: returns its fields and deletes it in the same step, so two
-- phones racing with one code cannot both get it. KEYS[1] invite:<code>. Empty when unknown.
local all = redis.call('HGETALL', KEYS[1])
if #all > 0 then
  redis.call('DEL', KEYS[1])
end
return all
