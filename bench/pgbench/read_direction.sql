-- Baseline for GET /api/v1/messages?direction=received: count and first page.
SELECT count(*) FROM message WHERE direction = 'received';
SELECT * FROM message WHERE direction = 'received' ORDER BY id DESC LIMIT 20 OFFSET 0;
