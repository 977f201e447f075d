-- Drops a member's device from presence only if it still names this node: a newer login on
-- another node must not be erased by this node's late close.
-- KEYS[1] presence:<member>   ARGV[1] device   ARGV[2] this node
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  return redis.call('HDEL', KEYS[1], ARGV[1])
end
return 0
