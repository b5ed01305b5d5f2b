-- :n messages spread over the last 90 days, for the read benchmarks: :participants participants
-- (+15554000000 upwards, skewed: a few talk a lot), 30 % received, the rest mostly delivered/read,
-- a few sent/failed/dead_letter/cancelled. Nothing ready to dispatch (failed ones retry in a year).
-- psql -v n=1000000 -v participants=20000 -f seed_reads.sql
SELECT setseed(0.42);
INSERT INTO message (id, direction, status, recipient, sender, participant, body, priority, attempts,
                     next_attempt_at, guid, chat, created_at, queued_at, sent_at, delivered_at, read_at, updated_at)
SELECT 'msg_' || bench_ulid(ms, g), dir, st,
       CASE WHEN dir = 'sent' THEN p ELSE acct END,
       CASE WHEN dir = 'sent' THEN acct ELSE p END,
       p, 'Seeded message ' || g || ' lorem ipsum dolor sit amet', 0,
       CASE WHEN dir = 'sent' THEN 1 ELSE 0 END,
       CASE WHEN st = 'failed' THEN now() + interval '365 days' ELSE ts END,
       CASE WHEN dir = 'received' OR st IN ('sent', 'delivered', 'read') THEN 'bench-guid-' || g END,
       CASE WHEN dir = 'received' THEN 'iMessage;-;' || p END,
       ts, CASE WHEN dir = 'sent' THEN ts END,
       CASE WHEN st IN ('sent', 'delivered', 'read') THEN ts + interval '1 second' END,
       CASE WHEN st IN ('delivered', 'read') THEN ts + interval '3 seconds' END,
       CASE WHEN st = 'read' THEN ts + interval '1 minute' END,
       ts
FROM (SELECT g,
             t0 + (g * span / :n) AS ms,
             to_timestamp((t0 + (g * span / :n)) / 1000.0) AS ts,
             '+1555' || lpad((4000000 + floor(:participants * power(random(), 2))::int)::text, 7, '0') AS p,
             (ARRAY['+15550001111', '+15550001112', '+15550001113', '+15550001114'])[1 + g % 4] AS acct,
             random() AS x, random() AS y
      FROM (SELECT (extract(epoch FROM now()) * 1000)::bigint - 90 * 86400000::bigint AS t0,
                   90 * 86400000::bigint - 600000 AS span) t,
           generate_series(1, :n) g) s,
     LATERAL (SELECT CASE WHEN x < 0.30 THEN 'received' ELSE 'sent' END AS dir) d,
     LATERAL (SELECT CASE WHEN dir = 'received' THEN 'received'
                          WHEN y < 0.70 THEN 'delivered'
                          WHEN y < 0.85 THEN 'read'
                          WHEN y < 0.94 THEN 'sent'
                          WHEN y < 0.96 THEN 'failed'
                          WHEN y < 0.98 THEN 'dead_letter'
                          ELSE 'cancelled' END AS st) s2;
VACUUM ANALYZE message;
