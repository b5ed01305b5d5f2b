-- Exact message totals per direction, so an unfiltered or direction-filtered list does not count a large table on
-- every request. Kept by a statement-level trigger; one row per (direction, backend) so concurrent inserts on
-- different connections never wait for each other. Messages are never deleted, but a delete is counted too.
CREATE TABLE message_count (
    direction  text    NOT NULL,
    shard      integer NOT NULL,
    n          bigint  NOT NULL,
    PRIMARY KEY (direction, shard)
);

INSERT INTO message_count (direction, shard, n)
SELECT direction, 0, count(*) FROM message GROUP BY direction;

CREATE FUNCTION message_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO message_count AS c (direction, shard, n)
    SELECT direction, pg_backend_pid(), count(*) FROM new_rows GROUP BY direction
    ON CONFLICT (direction, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
    RETURN NULL;
END
$$;

CREATE FUNCTION message_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO message_count AS c (direction, shard, n)
    SELECT direction, pg_backend_pid(), -count(*) FROM old_rows GROUP BY direction
    ON CONFLICT (direction, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
    RETURN NULL;
END
$$;

CREATE TRIGGER message_count_insert AFTER INSERT ON message
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION message_count_inserted();
CREATE TRIGGER message_count_delete AFTER DELETE ON message
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION message_count_deleted();
