package dev.imessagegateway.agent.attachments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachmentsUnitTest {
    @Test
    void filenamesAreSanitised() {
        assertEquals("photo.jpg", Attachments.sanitizeFilename("photo.jpg", "att_1"));
        assertEquals("passwd", Attachments.sanitizeFilename("../../etc/passwd", "att_1"));
        assertEquals("evil.exe", Attachments.sanitizeFilename("C:\\Users\\x\\evil.exe", "att_1"));
        assertEquals("att_1", Attachments.sanitizeFilename("..", "att_1"));
        assertEquals("att_1", Attachments.sanitizeFilename("a/b/", "att_1"));
        assertEquals("att_1", Attachments.sanitizeFilename(null, "att_1"));
        assertEquals("bashrc", Attachments.sanitizeFilename(".bashrc", "att_1"));
        assertEquals("a_b_c.txt", Attachments.sanitizeFilename("a\nb:c.txt", "att_1"));
        assertEquals("Café 😀.heic", Attachments.sanitizeFilename("Café 😀.heic", "att_1"));
        assertEquals("attachment", Attachments.sanitizeFilename("/", "../"));
        String longName = Attachments.sanitizeFilename("é".repeat(300) + ".jpeg", "x");
        assertTrue(longName.endsWith(".jpeg"));
        assertTrue(longName.getBytes(StandardCharsets.UTF_8).length <= 200);
    }

    @Test
    void homeIsExpandedInChatDbPaths() {
        String home = System.getProperty("user.home");
        assertEquals(Path.of(home, "Library/Messages/Attachments/ab/12/X/a.heic"),
                Attachments.expandHome("~/Library/Messages/Attachments/ab/12/X/a.heic"));
        assertEquals(Path.of("/abs/a.heic"), Attachments.expandHome("/abs/a.heic"));
    }

    @Test
    void mimeTypesComeFromChatDbThenTheNameThenOctetStream(@TempDir Path dir) {
        assertEquals("image/heic", Attachments.mimeType("image/heic", dir.resolve("x.bin")));
        assertEquals("image/jpeg", Attachments.mimeType(null, dir.resolve("x.JPG")));
        assertEquals("application/octet-stream", Attachments.mimeType(null, dir.resolve("x.zzzunknown")));
    }

    @Test
    void theSweeperRemovesOnlyOldUuidDirectories(@TempDir Path dir) throws Exception {
        Path old = Files.createDirectories(dir.resolve(UUID.randomUUID().toString()));
        Files.writeString(old.resolve("a.jpg"), "x");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(25))));
        Path fresh = Files.createDirectories(dir.resolve(UUID.randomUUID().toString()));
        Path other = Files.createDirectories(dir.resolve("not-ours"));
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minus(Duration.ofHours(48))));
        assertEquals(1, StagingSweeper.sweep(dir, Duration.ofHours(24)));
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(fresh));
        assertTrue(Files.exists(other));
    }
}
