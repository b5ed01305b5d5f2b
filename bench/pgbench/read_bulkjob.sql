-- Baseline for GET /api/v1/messages/bulk/{jobId} without counter tables: the job's messages counted by status.
SELECT status, count(*) FROM message WHERE bulk_job_id = :job GROUP BY status;
