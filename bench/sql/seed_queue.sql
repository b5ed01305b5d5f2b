-- :n queued outbound messages, ready now, no fromNumber, priority 0, ids older than anything posted later.
-- psql -v n=50000 -f seed_queue.sql
INSERT INTO message (id, direction, status, recipient, participant, body, priority, next_attempt_at,
                     created_at, queued_at, updated_at)
SELECT 'msg_' || bench_ulid(t0 + g, g), 'sent', 'queued', p, p, 'Benchmark dispatch message ' || g, 0,
       now() - interval '1 minute', now(), now(), now()
FROM (SELECT (extract(epoch FROM now()) * 1000)::bigint - :n - 600000 AS t0) t,
     generate_series(1, :n) g,
     LATERAL (SELECT '+1555' || lpad((g % 100000)::text, 7, '0') AS p) r;
ANALYZE message;
