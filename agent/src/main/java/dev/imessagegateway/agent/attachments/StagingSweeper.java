package dev.imessagegateway.agent.attachments;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Removes staged outbound attachments once Messages.app has certainly read them: every {@code <uuid>/} directory
 * of the staging directory older than the retention (default 24 h). Only directories named by a UUID are touched,
 * so pointing {@code --attachments-dir} at a shared directory never deletes anything else.
 */
public final class StagingSweeper {
    private StagingSweeper() {
    }

    /** @return how many staged directories were removed */
    public static int sweep(Path stagingDir, Duration retention) {
        if (!Files.isDirectory(stagingDir)) {
            return 0;
        }
        Instant cutoff = Instant.now().minus(retention);
        int removed = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(stagingDir)) {
            for (Path d : ds) {
                if (!isUuid(d.getFileName().toString()) || !Files.isDirectory(d)) {
                    continue;
                }
                try {
                    if (Files.getLastModifiedTime(d).toInstant().isAfter(cutoff)) {
                        continue;
                    }
                    try (Stream<Path> files = Files.list(d)) {
                        for (Path f : (Iterable<Path>) files::iterator) {
                            Files.deleteIfExists(f);
                        }
                    }
                    Files.deleteIfExists(d);
                    removed++;
                } catch (IOException ignored) {
                    // next sweep
                }
            }
        } catch (IOException ignored) {
            // next sweep
        }
        return removed;
    }

    static boolean isUuid(String s) {
        try {
            return s.length() == 36 && UUID.fromString(s) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
