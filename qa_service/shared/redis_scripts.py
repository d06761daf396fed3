"""Lua scripts run atomically inside Redis: no other replica's command can interleave.

Times come from the Redis server's clock (``TIME``), so that the replicas' clocks do not have to
agree. Numbers are returned as strings because Redis truncates a Lua number to an integer.
"""

# A token bucket per (scope, client), the same arithmetic as qa_service/security/ratelimit.py.
# KEYS[1] the bucket; ARGV rate (tokens per second), burst. Returns the wait in seconds ("0" if allowed).
# The bucket expires once it would have refilled anyway, so idle clients cost no memory.
TOKEN_BUCKET = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local held = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(held[1])
local updated = tonumber(held[2])
if tokens == nil or updated == nil then
  tokens = burst
else
  tokens = math.min(burst, tokens + math.max(0, now - updated) * rate)
end
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'updated', string.format('%.6f', now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return string.format('%.6f', wait)
"""

# Requests in flight: a sorted set of slot tokens scored by their expiry (ms), so that the slots
# of a replica that crashed expire instead of holding the cap forever.
# KEYS[1] the set; ARGV cap, token, ttl_ms. Returns 1 when admitted, 0 when full.
ENTER = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1
"""

# A lease: renewed, or released, only by the holder named by its token. KEYS[1]; ARGV token[, ttl_ms].
RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""

RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
