-- Baseline for GET /api/v1/messages/bulk/{jobId} when the schema keeps per-job counters (V2 bulk_job_count):
-- the job row and its counts by status.
SELECT * FROM bulk_job WHERE id = :job;
SELECT status, sum(n) FROM bulk_job_count WHERE job_id = :job GROUP BY status;
