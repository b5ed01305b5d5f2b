-- Baseline for GET /api/v1/messages/queue/stats: the gateway's own query.
SELECT count(*) FILTER (WHERE status = 'queued')      AS pending,
       count(*) FILTER (WHERE status = 'sending')     AS processing,
       count(*) FILTER (WHERE status = 'failed')      AS failed,
       count(*) FILTER (WHERE status = 'dead_letter') AS dead_letter
FROM message
WHERE status IN ('queued', 'sending', 'failed', 'dead_letter');
