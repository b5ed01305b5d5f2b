package dev.imessagegateway.attachment;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamingFetchTest {

    @Test
    void fetchesAFileFourTimesLargerThanTheHeap() throws Exception {
        long size = 256L * 1024 * 1024;
        Process p = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), StreamingFetchMain.class.getName(), Long.toString(size)))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "child finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("fetched " + size + " "), out);
    }
}
