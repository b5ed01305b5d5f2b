package dev.imessagegateway.agent.backend.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imessagegateway.agent.protocol.ErrorInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OsascriptErrorsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "execution error: Messages got an error: Can’t get chat id \"iMessage;+;chat1\". (-1728) | chat_not_found | false",
        "execution error: Can’t make \"x\" into type participant. (-1700) | invalid_recipient | false",
        "execution error: Not authorised to send Apple events to Messages. (-1743) | not_authorised | false",
        "execution error: Messages got an error: AppleEvent timed out. (-1712) | timeout | true",
        "execution error: Messages got an error: Something odd. (-2700) | script_failed | true",
        "Bus error | script_failed | true",
        "34:40: syntax error: Expected end of line (-2741) | script_failed | true",
    })
    void mapsOsascriptFailures(String stderr, String code, boolean retryable) {
        ErrorInfo e = OsascriptErrors.map(new Osascript.Result(1, "", stderr + "\n", false));
        assertEquals(code, e.code());
        assertEquals(retryable, e.retryable());
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void aKilledOsascriptIsARetryableTimeout(boolean withStderr) {
        ErrorInfo e = OsascriptErrors.map(new Osascript.Result(-1, "", withStderr ? "(-1728)" : "", true));
        assertEquals("timeout", e.code());
        assertTrue(e.retryable());
    }
}
