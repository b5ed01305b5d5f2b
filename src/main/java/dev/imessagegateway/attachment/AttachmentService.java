package dev.imessagegateway.attachment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imessagegateway.agent.AgentError;
import dev.imessagegateway.agent.Frames;
import dev.imessagegateway.common.GatewayConfig;
import dev.imessagegateway.common.Ids;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Attachments end to end: fetches a message's URLs before it is handed over, serves their bytes to agents
 * ({@code attachment.get}), takes inbound files from agents ({@code attachment.put}) and links them to messages.
 * File I/O runs on worker threads, never on the event loop.
 */
@Singleton
public class AttachmentService {

    private final Pool pool;
    private final ContentStore store;
    private final AttachmentFetcher fetcher;
    private final long maxFileBytes;
    private final long maxMessageBytes;

    public AttachmentService(Pool pool, GatewayConfig config) {
        GatewayConfig.Attachments a = config.attachments();
        this.pool = pool;
        this.store = new ContentStore(Path.of(a.dir()));
        this.fetcher = new AttachmentFetcher(new SsrfGuard(a.allowedHosts().orElse(List.of())), store,
                a.maxFileBytes(), a.fetchTimeout(), a.maxRedirects());
        this.maxFileBytes = a.maxFileBytes();
        this.maxMessageBytes = a.maxMessageBytes();
    }

    public ContentStore store() {
        return store;
    }

    /** Thrown by {@link #prepare} when a file cannot be fetched. */
    public static class PrepareFailed extends RuntimeException {
        private final boolean retryable;

        public PrepareFailed(String message, boolean retryable) {
            super(message, null, false, false);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    /**
     * Makes sure every attachment of the message is stored (fetching the missing ones), and returns the references
     * the agent's {@code send} carries.
     */
    public Uni<List<ObjectNode>> prepare(String messageId) {
        return pool.preparedQuery("""
                        SELECT id, source_url, filename, mime_type, size, sha256 FROM message_attachment
                        WHERE message_id = $1 ORDER BY position""")
                .execute(Tuple.of(messageId))
                .map(rows -> {
                    List<Row> list = new ArrayList<>();
                    rows.forEach(list::add);
                    return list;
                })
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(this::fetchMissing)
                .chain(fetched -> record(fetched).replaceWith(fetched.stream().map(AttachmentService::ref).toList()));
    }

    private record Ready(String id, String filename, String mimeType, long size, String sha256, boolean fresh) {
    }

    private List<Ready> fetchMissing(List<Row> rows) {
        List<Ready> out = new ArrayList<>();
        long total = 0;
        for (Row r : rows) {
            String sha = r.getString("sha256");
            if (sha != null && store.contains(sha)) {
                total += r.getLong("size");
                out.add(new Ready(r.getString("id"), r.getString("filename"), r.getString("mime_type"), r.getLong("size"), sha, false));
                continue;
            }
            try {
                AttachmentFetcher.Fetched f = fetcher.fetch(r.getString("source_url"), maxMessageBytes - total);
                total += f.size();
                out.add(new Ready(r.getString("id"), f.filename(), f.mimeType(), f.size(), f.sha256(), true));
            } catch (AttachmentFetcher.FetchFailed e) {
                throw new PrepareFailed("attachment " + (out.size() + 1) + ": " + e.getMessage(), e.retryable());
            }
        }
        return out;
    }

    private Uni<Void> record(List<Ready> fetched) {
        List<Ready> fresh = fetched.stream().filter(Ready::fresh).toList();
        if (fresh.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("""
                        UPDATE message_attachment a SET sha256 = v.sha256, filename = v.filename, mime_type = v.mime_type,
                               size = v.size, stored_at = now(), last_error = NULL
                        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) AS v(id, sha256, filename, mime_type, size)
                        WHERE a.id = v.id""")
                .execute(Tuple.of(
                        fresh.stream().map(Ready::id).toArray(String[]::new),
                        fresh.stream().map(Ready::sha256).toArray(String[]::new),
                        fresh.stream().map(Ready::filename).toArray(String[]::new),
                        fresh.stream().map(Ready::mimeType).toArray(String[]::new),
                        fresh.stream().map(Ready::size).toArray(Long[]::new)))
                .replaceWithVoid();
    }

    private static ObjectNode ref(Ready r) {
        ObjectNode ref = Frames.object();
        ref.put("attachmentId", r.id());
        ref.put("filename", r.filename());
        ref.put("mimeType", r.mimeType());
        ref.put("size", r.size());
        ref.put("sha256", r.sha256());
        return ref;
    }

    /** {@code attachment.get}: one chunk of a stored attachment. */
    public Uni<ObjectNode> chunk(JsonNode request) {
        String attachmentId = request.path("attachmentId").asText("");
        long offset = Math.max(0, request.path("offset").asLong(0));
        int length = (int) Math.min(Frames.CHUNK_BYTES, Math.max(1, request.path("length").asLong(Frames.CHUNK_BYTES)));
        return pool.preparedQuery("SELECT sha256 FROM message_attachment WHERE id = $1")
                .execute(Tuple.of(attachmentId))
                .map(rows -> {
                    String sha = rows.size() == 0 ? null : rows.iterator().next().getString("sha256");
                    if (sha == null || !store.contains(sha)) {
                        throw new AgentError("not_found", "no stored attachment " + attachmentId, false);
                    }
                    return store.path(sha);
                })
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(path -> {
                    try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "r")) {
                        long size = file.length();
                        int n = (int) Math.max(0, Math.min(length, size - offset));
                        byte[] bytes = new byte[n];
                        file.seek(Math.min(offset, size));
                        file.readFully(bytes);
                        ObjectNode data = Frames.object();
                        data.put("attachmentId", attachmentId);
                        data.put("offset", offset);
                        data.put("data", Base64.getEncoder().encodeToString(bytes));
                        data.put("eof", offset + n >= size);
                        return data;
                    } catch (IOException e) {
                        throw new AgentError("internal", "reading attachment " + attachmentId + ": " + e.getMessage(), true);
                    }
                });
    }

    /** {@code attachment.put}: one chunk of an inbound file; resumable by offset. */
    public Uni<ObjectNode> put(JsonNode request) {
        String sha = request.path("sha256").asText("").toLowerCase();
        if (!ContentStore.isSha256(sha)) {
            return Uni.createFrom().failure(new AgentError("bad_request", "sha256 must be 64 hex digits", false));
        }
        return Uni.createFrom().item(() -> {
                    try {
                        long size = request.path("size").asLong(-1);
                        if (store.contains(sha)) {
                            return received(sha, size < 0 ? java.nio.file.Files.size(store.path(sha)) : size);
                        }
                        byte[] bytes = Base64.getDecoder().decode(request.path("data").asText(""));
                        long total = store.append(sha, request.path("offset").asLong(0), bytes, maxFileBytes);
                        if (request.path("eof").asBoolean(false)) {
                            store.finish(sha);
                        }
                        return received(sha, total);
                    } catch (ContentStore.BadOffset e) {
                        ObjectNode extra = Frames.object();
                        extra.put("expected", e.expected());
                        throw new AgentError("bad_offset", e.getMessage(), true, extra);
                    } catch (ContentStore.ChecksumMismatch e) {
                        throw new AgentError("checksum_mismatch", e.getMessage(), true);
                    } catch (ContentStore.TooLarge e) {
                        throw new AgentError("too_large", "attachment " + e.getMessage(), false);
                    } catch (IllegalArgumentException e) {
                        throw new AgentError("bad_request", "data must be base64", false);
                    } catch (IOException e) {
                        throw new AgentError("internal", e.getMessage(), true);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static ObjectNode received(String sha, long total) {
        ObjectNode data = Frames.object();
        data.put("sha256", sha);
        data.put("received", total);
        return data;
    }

    /** Fails with {@code attachment_missing} unless every file an inbound event names is stored. */
    public void requireStored(JsonNode attachments) {
        for (JsonNode a : attachments) {
            String sha = a.path("sha256").asText("").toLowerCase();
            if (!store.contains(sha)) {
                throw new AgentError("attachment_missing", "upload " + sha + " (" + a.path("filename").asText("") + ") first", true);
            }
        }
    }

    /** Links an inbound message to its stored files. */
    public Uni<Void> linkInbound(String messageId, JsonNode attachments) {
        if (attachments.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> ids = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<String> shas = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> mimes = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        int i = 0;
        for (JsonNode a : attachments) {
            ids.add(Ids.attachment());
            positions.add(i++);
            shas.add(a.path("sha256").asText().toLowerCase());
            names.add(AttachmentFetcher.sanitize(a.path("filename").asText("attachment")));
            mimes.add(a.path("mimeType").asText("application/octet-stream"));
            sizes.add(a.path("size").asLong(0));
        }
        return pool.preparedQuery("""
                        INSERT INTO message_attachment (id, message_id, position, sha256, filename, mime_type, size, stored_at)
                        SELECT v.id, $1, v.position, v.sha256, v.filename, v.mime_type, v.size, now()
                        FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::bigint[])
                             AS v(id, position, sha256, filename, mime_type, size)
                        ON CONFLICT (message_id, position) DO NOTHING""")
                .execute(Tuple.tuple().addValue(messageId).addValue(ids.toArray(new String[0]))
                        .addValue(positions.toArray(new Integer[0])).addValue(shas.toArray(new String[0]))
                        .addValue(names.toArray(new String[0])).addValue(mimes.toArray(new String[0]))
                        .addValue(sizes.toArray(new Long[0])))
                .replaceWithVoid();
    }
}
