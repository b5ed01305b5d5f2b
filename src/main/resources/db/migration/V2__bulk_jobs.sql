-- Bulk jobs: one message to many recipients, created in one transaction.
CREATE TABLE bulk_job (
    id            text        PRIMARY KEY,            -- bulk_<ULID>
    name          text,
    status        text        NOT NULL CHECK (status IN ('processing', 'completed', 'cancelled')),
    total         integer     NOT NULL,
    priority      smallint    NOT NULL DEFAULT 0,
    from_number   text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz,
    cancelled_at  timestamptz
);
CREATE INDEX bulk_job_open_idx ON bulk_job (id) WHERE status = 'processing';

-- Exact per-state message counts of each job, kept by a statement-level trigger so that reading a job's progress
-- costs a handful of rows whatever its size. One row per (job, status, backend): concurrent transactions on
-- different connections never wait for each other's counter rows.
CREATE TABLE bulk_job_count (
    job_id  text     NOT NULL REFERENCES bulk_job (id) ON DELETE CASCADE,
    status  text     NOT NULL,
    shard   integer  NOT NULL,
    n       bigint   NOT NULL,
    PRIMARY KEY (job_id, status, shard)
);

CREATE FUNCTION bulk_job_count_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO bulk_job_count AS c (job_id, status, shard, n)
    SELECT job_id, status, pg_backend_pid(), sum(delta)
    FROM (SELECT o.bulk_job_id AS job_id, o.status, -1 AS delta
          FROM old_rows o JOIN new_rows nw ON nw.id = o.id
          WHERE o.bulk_job_id IS NOT NULL AND o.status <> nw.status
          UNION ALL
          SELECT nw.bulk_job_id, nw.status, 1
          FROM old_rows o JOIN new_rows nw ON nw.id = o.id
          WHERE nw.bulk_job_id IS NOT NULL AND o.status <> nw.status) d
    GROUP BY job_id, status
    ON CONFLICT (job_id, status, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
    RETURN NULL;
END
$$;

CREATE TRIGGER message_bulk_job_counts
    AFTER UPDATE ON message
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION bulk_job_count_changes();

-- Results of a job, in creation order, filterable by status.
CREATE INDEX message_bulk_job_idx ON message (bulk_job_id, id) WHERE bulk_job_id IS NOT NULL;
