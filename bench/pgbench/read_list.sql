-- Baseline for GET /api/v1/messages?page=1&limit=20: the count and the first page, newest first.
SELECT count(*) FROM message;
SELECT * FROM message ORDER BY id DESC LIMIT 20 OFFSET 0;
