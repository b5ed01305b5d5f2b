-- bench_ulid(ms, r): a ULID-shaped text (10 Crockford chars of the millisecond time, then 16 chars from r),
-- so seeded ids sort by time like the gateway's msg_<ULID> ids.
CREATE OR REPLACE FUNCTION bench_ulid(ms bigint, r bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (SELECT string_agg(substr(a, ((ms >> (5 * (9 - i))) & 31)::int + 1, 1), '' ORDER BY i)
            FROM generate_series(0, 9) i)
        || '000'
        || (SELECT string_agg(substr(a, ((r >> (5 * (12 - i))) & 31)::int + 1, 1), '' ORDER BY i)
            FROM generate_series(0, 12) i)
    FROM (SELECT '0123456789ABCDEFGHJKMNPQRSTVWXYZ'::text AS a) alphabet
$$;
