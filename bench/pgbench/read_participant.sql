-- Baseline for GET /api/v1/messages?participant=...: count and first page of one (random) participant.
\set p random(0, :participants - 1)
SELECT count(*) FROM message WHERE participant = '+1555' || lpad((4000000 + :p)::text, 7, '0');
SELECT * FROM message WHERE participant = '+1555' || lpad((4000000 + :p)::text, 7, '0') ORDER BY id DESC LIMIT 20 OFFSET 0;
