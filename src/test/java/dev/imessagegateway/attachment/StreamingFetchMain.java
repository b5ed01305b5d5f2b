package dev.imessagegateway.attachment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Run in a child JVM with a small heap by {@link StreamingFetchTest}: fetches a generated file several times larger
 * than the heap through the real fetcher and store. It can only succeed if nothing holds the file in memory.
 */
public final class StreamingFetchMain {

    public static void main(String[] args) throws Exception {
        long size = Long.parseLong(args[0]);
        try (FileServer server = new FileServer().generated("/big.bin", size)) {
            Path dir = Files.createTempDirectory("streaming-fetch");
            AttachmentFetcher fetcher = new AttachmentFetcher(new SsrfGuard(List.of("127.0.0.1")), new ContentStore(dir),
                    Long.MAX_VALUE, Duration.ofMinutes(2), 1);
            AttachmentFetcher.Fetched f = fetcher.fetch(server.url("/big.bin"), Long.MAX_VALUE);
            System.out.println("fetched " + f.size() + " " + f.sha256() + " maxHeap " + Runtime.getRuntime().maxMemory());
        }
    }
}
