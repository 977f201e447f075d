-- Claims a member's device for this node and returns the node that held it before (or nil),
-- in one step so the old node's release (presence_release.lua) can never delete the new claim.
-- KEYS[1] presence:<member>   ARGV[1] device   ARGV[2] this node
local old = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return old
