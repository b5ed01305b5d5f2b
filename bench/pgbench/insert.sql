-- Baseline for the enqueue figure: one single-row INSERT transaction into a table with the message table's
-- columns, indexes and constraints (the gateway's own migration, applied to a separate database), with the
-- values the gateway writes for POST /api/v1/messages. Ids are time-ordered like msg_<ULID>.
\set n random(0, 99999)
INSERT INTO message (id, direction, status, recipient, sender, participant, from_number, body, priority, attempts,
                     attempts_base, last_error, next_attempt_at, claimed_by, lease_until, guid, chat, bulk_job_id,
                     created_at, queued_at, sent_at, delivered_at, read_at, updated_at)
VALUES ('msg_' || lpad(nextval('bench_id')::text, 26, '0'), 'sent', 'queued', '+1555' || lpad(:n::text, 7, '0'),
        NULL, '+1555' || lpad(:n::text, 7, '0'), NULL, 'pgbench benchmark message', 0, 0, 0, NULL, now(), NULL,
        NULL, NULL, NULL, NULL, now(), now(), NULL, NULL, NULL, now());
