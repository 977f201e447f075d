-- Stores an invite unless the code is taken. KEYS[1] invite:<code>
-- ARGV unit, name, member, issuer, expires (ms), ttl (ms), issuer's role. Returns 1 stored, 0 code taken.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'unit', ARGV[1], 'name', ARGV[2], 'member', ARGV[3], 'issuer', ARGV[4], 'expires', ARGV[5],
  'issuerRole', ARGV[7])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return 1
