-- Diagnostic, not a target baseline: insert.sql plus what POST /api/v1/messages also does in its transaction,
-- a NOTIFY for the dispatchers. PostgreSQL serialises the commits of notifying transactions (a database-wide
-- lock held through the commit's WAL flush), so this shows the ceiling of the current enqueue design.
\set n random(0, 99999)
BEGIN;
INSERT INTO message (id, direction, status, recipient, sender, participant, from_number, body, priority, attempts,
                     attempts_base, last_error, next_attempt_at, claimed_by, lease_until, guid, chat, bulk_job_id,
                     created_at, queued_at, sent_at, delivered_at, read_at, updated_at)
VALUES ('msg_' || lpad(nextval('bench_id')::text, 26, '0'), 'sent', 'queued', '+1555' || lpad(:n::text, 7, '0'),
        NULL, '+1555' || lpad(:n::text, 7, '0'), NULL, 'pgbench benchmark message', 0, 0, 0, NULL, now(), NULL,
        NULL, NULL, NULL, NULL, now(), now(), NULL, NULL, NULL, now());
NOTIFY message_ready;
COMMIT;
