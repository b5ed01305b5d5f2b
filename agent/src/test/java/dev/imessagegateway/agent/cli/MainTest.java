package dev.imessagegateway.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    @Test
    void helpListsTheOptions() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--help"));
        for (String option : new String[]{"--socket", "--tcp", "--state-dir", "--account", "--max-in-flight", "--ping-interval",
            "--backend", "--sent-log", "--send-delay", "--deliver-delay", "--fail-pattern", "--flaky-pattern", "--flaky-times",
            "--inbox-dir", "--osascript", "--chat-db", "--script-variant"}) {
            assertTrue(out.toString().contains(option), option);
        }
    }

    @Test
    void durationsAcceptCommonUnits() {
        assertEquals(Duration.ofMillis(5), Durations.parse("5ms"));
        assertEquals(Duration.ofSeconds(2), Durations.parse("2s"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
        assertEquals(Duration.ofMinutes(1), Durations.parse("1m"));
        assertEquals(Duration.ofMillis(250), Durations.parse("250"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("soon"));
    }

    @Test
    void badOptionsAreRefusedWithAUsageError() {
        CommandLine cl = new CommandLine(new Main());
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, cl.execute("--send-delay", "soon"));
        assertEquals(2, cl.execute("--tcp", "10.0.0.1:7000"));
    }
}
