#!/usr/bin/env bash
# Writes the pgbench script of the dispatch baseline to stdout: one transaction = what the gateway does for one
# claim of BATCH messages: the same claim statement (FOR UPDATE SKIP LOCKED, in a transaction), the same
# attempts/sender update, then per message the same 'sent' and the same 'delivered' UPDATE, one statement each.
# Usage: gen_dispatch.sh BATCH ACCOUNT[,ACCOUNT...]
set -euo pipefail
batch=$1
accounts=$2
arr="'{${accounts}}'::text[]"
echo "BEGIN;"
printf "WITH ready AS (\n"
printf "    SELECT id, status FROM message\n"
printf "    WHERE status IN ('queued', 'failed') AND next_attempt_at <= now()\n"
printf "      AND (from_number IS NULL OR from_number = ANY(%s))\n" "$arr"
printf "    ORDER BY priority DESC, id FOR UPDATE SKIP LOCKED LIMIT %d),\n" "$batch"
printf "claimed AS (\n"
printf "    UPDATE message m SET status = 'sending', claimed_by = 'pgbench', lease_until = now() + 120000 * interval '1 millisecond', updated_at = now()\n"
printf "    FROM ready WHERE m.id = ready.id\n"
printf "    RETURNING m.id, m.recipient, m.body, m.from_number, m.attempts, m.priority, ready.status AS previous),\n"
printf "agg AS (SELECT coalesce(array_agg(id ORDER BY priority DESC, id), '{}') AS ids FROM claimed)\n"
printf "SELECT ids::text AS idarr"
for ((i = 1; i <= batch; i++)); do printf ", coalesce(ids[%d], '') AS id%d" "$i" "$i"; done
printf " FROM agg \\\\gset\n"
echo "COMMIT;"
printf "UPDATE message m SET attempts = m.attempts + 1, sender = v.account FROM (SELECT u.id, (%s)[1 + (u.n %% %d)::int] AS account FROM unnest(:idarr::text[]) WITH ORDINALITY AS u(id, n)) v WHERE m.id = v.id;\n" \
  "$arr" "$(tr ',' '\n' <<<"$accounts" | wc -l)"
for ((i = 1; i <= batch; i++)); do
  echo "UPDATE message SET status = 'sent', sent_at = coalesce(sent_at, now()), guid = coalesce('g-' || :id$i, guid), lease_until = NULL, last_error = NULL, updated_at = now() WHERE id = :id$i AND direction = 'sent' AND status NOT IN ('sent', 'delivered', 'read');"
done
for ((i = 1; i <= batch; i++)); do
  echo "UPDATE message SET status = 'delivered', sent_at = coalesce(sent_at, now()), delivered_at = coalesce(delivered_at, now()), guid = coalesce('g-' || :id$i, guid), lease_until = NULL, last_error = NULL, updated_at = now() WHERE id = :id$i AND direction = 'sent' AND status NOT IN ('delivered', 'read');"
done
