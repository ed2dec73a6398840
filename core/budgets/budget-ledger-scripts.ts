// Lua run atomically by Redis for the budget ledger. Every key is under one hash tag (budget-ledger-keys.ts),
// including the reserved counters named inside hold records, so the scripts stay valid on Redis Cluster.
// Amounts travel as decimal strings and go to INCRBY/DECRBY unchanged: Lua's tostring turns numbers of
// 1e14 and more into exponent notation, which Redis would refuse as an integer.

/** Shared by the scripts: drop one hold and give its amount back to the reserved counters it touched. */
const removeHoldFunction = `
local function removeHold(holdsKey, expiriesKey, reservationId)
  local record = redis.call('HGET', holdsKey, reservationId)
  redis.call('ZREM', expiriesKey, reservationId)
  if not record then return 0 end
  local hold = cjson.decode(record)
  for _, reservedKey in ipairs(hold.k) do
    -- A counter at or below zero is deleted: it cleans up, and clamps a counter that Redis lost meanwhile.
    if redis.call('DECRBY', reservedKey, hold.a) <= 0 then redis.call('DEL', reservedKey) end
  end
  redis.call('HDEL', holdsKey, reservationId)
  return 1
end

local function purgeExpiredHolds(holdsKey, expiriesKey, now)
  -- Bounded so one call never stalls Redis; leftovers only make later checks stricter until purged.
  local expired = redis.call('ZRANGEBYSCORE', expiriesKey, '-inf', now, 'LIMIT', 0, 200)
  for _, reservationId in ipairs(expired) do removeHold(holdsKey, expiriesKey, reservationId) end
end
`;

/**
 * KEYS: holds, hold-expiries, spent ×4, reserved ×4 (lines in resolveBudgetLines order).
 * ARGV: now, reservationId, amount, expiresAt, limit ×4, counter TTL seconds ×4. A limit of -1 means none
 * (its spent counter is still wanted, for status), -2 none and do not ask for its counter now.
 * Returns {0} held, {1, line, spent, reserved} refused, {2, line...} spent counters to rebuild first.
 */
export const reserveScript = `${removeHoldFunction}
purgeExpiredHolds(KEYS[1], KEYS[2], ARGV[1])
-- A retried reserve whose first reply was lost must not hold twice.
if redis.call('HEXISTS', KEYS[1], ARGV[2]) == 1 then return {0} end
local amount = tonumber(ARGV[3])
local spent = {}
local missing = {2}
for i = 1, 4 do
  if tonumber(ARGV[4 + i]) >= -1 then
    local value = redis.call('GET', KEYS[2 + i])
    if value then spent[i] = tonumber(value) else missing[#missing + 1] = i end
  end
end
if #missing > 1 then return missing end
for i = 1, 4 do
  local limit = tonumber(ARGV[4 + i])
  if limit >= 0 then
    local reserved = tonumber(redis.call('GET', KEYS[6 + i]) or '0')
    if spent[i] + reserved + amount > limit then return {1, i, spent[i], reserved} end
  end
end
local reservedKeys = {}
for i = 1, 4 do
  -- Lines without a limit are held too, so status and a limit set later see the money in flight.
  -- A counter is deleted when it falls to zero, so equal to the amount means just created: set its TTL once.
  if redis.call('INCRBY', KEYS[6 + i], ARGV[3]) == amount then redis.call('EXPIRE', KEYS[6 + i], ARGV[8 + i]) end
  reservedKeys[i] = KEYS[6 + i]
end
redis.call('HSET', KEYS[1], ARGV[2], cjson.encode({a = ARGV[3], k = reservedKeys}))
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[2])
return {0}
`;

/**
 * KEYS: holds, hold-expiries, settlement marker, spent ×4, soft-alert marker ×4.
 * ARGV: reservationId, cost, settlement marker TTL seconds, alert threshold ×4 (-1 = none), alert TTL ×4.
 * Returns {0} already settled, or {1, line, spent, line, spent...} with the soft alerts to send.
 */
export const settleScript = `${removeHoldFunction}
if not redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[3]) then return {0} end
removeHold(KEYS[1], KEYS[2], ARGV[1])
local result = {1}
for i = 1, 4 do
  -- A missing spent counter stays missing: creating it from this one cost would hide that Redis lost the
  -- rest, and the next reserve rebuilds it from the usage rows, which include this call.
  if redis.call('EXISTS', KEYS[3 + i]) == 1 then
    local spent = redis.call('INCRBY', KEYS[3 + i], ARGV[2])
    local threshold = tonumber(ARGV[3 + i])
    if threshold >= 0 and spent >= threshold and redis.call('SET', KEYS[7 + i], '1', 'NX', 'EX', ARGV[7 + i]) then
      result[#result + 1] = i
      result[#result + 1] = spent
    end
  end
end
return result
`;

/** KEYS: holds, hold-expiries. ARGV: reservationId. Returns 1 when a hold was dropped. */
export const releaseScript = `${removeHoldFunction}
return removeHold(KEYS[1], KEYS[2], ARGV[1])
`;

/**
 * KEYS: holds, hold-expiries, spent ×4, reserved ×4. ARGV: now.
 * Returns {spent or -1 when missing, reserved} ×4, after purging expired holds so `reserved` is current.
 */
export const statusScript = `${removeHoldFunction}
purgeExpiredHolds(KEYS[1], KEYS[2], ARGV[1])
local result = {}
for i = 1, 4 do
  local spent = redis.call('GET', KEYS[2 + i])
  result[#result + 1] = spent and tonumber(spent) or -1
  result[#result + 1] = tonumber(redis.call('GET', KEYS[6 + i]) or '0')
end
return result
`;
