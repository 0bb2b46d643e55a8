import { luaScript } from './lua';

// Every script gets the same KEYS: online (zset user → expiry), orgs (hash user → organisation id
// or ''), activity (hash user → last activity, ms), dirty (set of users whose activity Postgres
// has not seen), seq (transition counter). ARGV[1] is the prefix of the per-user socket zsets
// (member `instance:socket`, score = expiry); they share the keys' hash tag, so one Redis Cluster
// slot holds all of them. Time is Redis's own clock: instances never disagree on expiry.
const PRELUDE = `
local online, orgs, activity, dirty, seq = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local socketsPrefix = ARGV[1]
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)

local function raiseActivity(user, ms)
  if ms and ms > 0 and ms > (tonumber(redis.call('HGET', activity, user)) or 0) then
    redis.call('HSET', activity, user, ms)
    redis.call('SADD', dirty, user)
  end
end

local function goOffline(user)
  redis.call('ZREM', online, user)
  redis.call('DEL', socketsPrefix .. user)
  local org = redis.call('HGET', orgs, user) or ''
  redis.call('HDEL', orgs, user)
  redis.call('SADD', dirty, user)
  return {user, redis.call('HGET', activity, user) or '', org, redis.call('INCR', seq)}
end

local function keepScoreOfLiveSockets(user, sk)
  local top = redis.call('ZRANGE', sk, -1, -1, 'WITHSCORES')
  if redis.call('ZSCORE', online, user) then redis.call('ZADD', online, top[2], user) end
end
`;

/** ARGV: prefix, user, org, member, ttlMs → {1, activity, seq} when the user came online, else {0}. */
export const connectScript = luaScript(`${PRELUDE}
local user, org, member, ttl = ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local sk = socketsPrefix .. user
redis.call('ZREMRANGEBYSCORE', sk, '-inf', now)
redis.call('ZADD', sk, now + ttl, member)
redis.call('PEXPIRE', sk, ttl * 3)
raiseActivity(user, now)
local was = redis.call('ZSCORE', online, user)
redis.call('ZADD', online, 'GT', now + ttl, user)
redis.call('HSET', orgs, user, org)
if was then return {0} end
return {1, redis.call('HGET', activity, user) or '', redis.call('INCR', seq)}
`);

/** ARGV: prefix, user, member, activityMs → {1, {user, activity, org, seq}} when the user went offline, else {0}. */
export const disconnectScript = luaScript(`${PRELUDE}
local user, member = ARGV[2], ARGV[3]
local sk = socketsPrefix .. user
redis.call('ZREM', sk, member)
redis.call('ZREMRANGEBYSCORE', sk, '-inf', now)
raiseActivity(user, tonumber(ARGV[4]))
if redis.call('ZCARD', sk) > 0 then
  keepScoreOfLiveSockets(user, sk)
  return {0}
end
if not redis.call('ZSCORE', online, user) then return {0} end
return {1, goOffline(user)}
`);

/**
 * ARGV: prefix, ttlMs, then per user: user, org, activityMs, n, n members. Refreshes the expiry
 * of those sockets; returns {user, activity, org, seq} for users that had been swept (their
 * instance stalled past the timeout) and are back online.
 */
export const heartbeatScript = luaScript(`${PRELUDE}
local ttl = tonumber(ARGV[2])
local revived = {}
local i = 3
while i <= #ARGV do
  local user, org, act, count = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
  local sk = socketsPrefix .. user
  redis.call('ZREMRANGEBYSCORE', sk, '-inf', now)
  for j = 1, count do redis.call('ZADD', sk, now + ttl, ARGV[i + 3 + j]) end
  redis.call('PEXPIRE', sk, ttl * 3)
  raiseActivity(user, act)
  local was = redis.call('ZSCORE', online, user)
  redis.call('ZADD', online, 'GT', now + ttl, user)
  if not was then
    redis.call('HSET', orgs, user, org)
    revived[#revived + 1] = {user, redis.call('HGET', activity, user) or '', org, redis.call('INCR', seq)}
  end
  i = i + 4 + count
end
return revived
`);

/** ARGV: prefix, limit → {user, activity, org, seq} of users whose sockets all lapsed, now offline. */
export const sweepScript = luaScript(`${PRELUDE}
local lapsed = redis.call('ZRANGEBYSCORE', online, '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
local offline = {}
for _, user in ipairs(lapsed) do
  local sk = socketsPrefix .. user
  redis.call('ZREMRANGEBYSCORE', sk, '-inf', now)
  if redis.call('ZCARD', sk) > 0 then
    keepScoreOfLiveSockets(user, sk)
  else
    offline[#offline + 1] = goOffline(user)
  end
end
return offline
`);

/**
 * ARGV: prefix, limit → flat {user, activityMs, …} taken off the dirty set. Offline users' activity
 * is dropped from Redis at the same time (Postgres keeps it from here on).
 */
export const takeDirtyScript = luaScript(`${PRELUDE}
local taken = redis.call('SPOP', dirty, tonumber(ARGV[2]))
local out = {}
for _, user in ipairs(taken) do
  local act = redis.call('HGET', activity, user)
  if act then
    out[#out + 1] = user
    out[#out + 1] = act
  end
  if not redis.call('ZSCORE', online, user) then redis.call('HDEL', activity, user) end
end
return out
`);

/** ARGV: prefix, then user, activityMs pairs: puts back what could not be written to Postgres. */
export const restoreDirtyScript = luaScript(`${PRELUDE}
for i = 2, #ARGV, 2 do raiseActivity(ARGV[i], tonumber(ARGV[i + 1])) end
return 0
`);

/** ARGV: prefix → {seq, user, org, activity, …} of everyone online now. */
export const snapshotScript = luaScript(`${PRELUDE}
local out = {redis.call('GET', seq) or '0'}
for _, user in ipairs(redis.call('ZRANGEBYSCORE', online, '(' .. now, '+inf')) do
  out[#out + 1] = user
  out[#out + 1] = redis.call('HGET', orgs, user) or ''
  out[#out + 1] = redis.call('HGET', activity, user) or ''
end
return out
`);

/** ARGV: prefix, users… → those online now. */
export const onlineAmongScript = luaScript(`${PRELUDE}
local out = {}
for i = 2, #ARGV do
  local score = redis.call('ZSCORE', online, ARGV[i])
  if score and tonumber(score) > now then out[#out + 1] = ARGV[i] end
end
return out
`);

/** ARGV: prefix → everyone online now. */
export const allOnlineScript = luaScript(`${PRELUDE}
return redis.call('ZRANGEBYSCORE', online, '(' .. now, '+inf')
`);
