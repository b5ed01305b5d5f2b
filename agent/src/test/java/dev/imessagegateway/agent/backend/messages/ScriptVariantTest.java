package dev.imessagegateway.agent.backend.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imessagegateway.agent.backend.OutgoingMessage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScriptVariantTest {
    @ParameterizedTest
    @CsvSource({
        "PARTICIPANT_ACCOUNT, participant targetId of (1st account whose service type = iMessage)",
        "PARTICIPANT_SERVICE, participant targetId of (1st service whose service type = iMessage)",
        "BUDDY_SERVICE, buddy targetId of (1st service whose service type = iMessage)",
    })
    void eachVariantAddressesAPersonItsWay(ScriptVariant v, String phrase) {
        String s = v.sendScript();
        assertTrue(s.contains(phrase), s);
        assertTrue(s.contains("set destination to chat id targetId"));
        assertTrue(s.contains("(POSIX file (item i of argv)) as alias"));
        assertTrue(s.startsWith("on run argv"));
    }

    @ParameterizedTest
    @CsvSource({"26.0, PARTICIPANT_ACCOUNT", "13.6.1, PARTICIPANT_ACCOUNT", "12.7, PARTICIPANT_SERVICE",
        "11.0.1, PARTICIPANT_SERVICE", "10.15.7, BUDDY_SERVICE", "garbage, PARTICIPANT_ACCOUNT"})
    void autoSelectsByMacOsVersion(String version, ScriptVariant expected) {
        assertEquals(expected, ScriptVariant.select("auto", version));
    }

    @Test
    void variantCanBeForcedByName() {
        assertEquals(ScriptVariant.BUDDY_SERVICE, ScriptVariant.select("buddy-service", "14.0"));
        assertThrows(IllegalArgumentException.class, () -> ScriptVariant.select("nonsense", "14.0"));
    }

    @Test
    void valuesGoIntoArgvNeverIntoTheScript() {
        OutgoingMessage m = new OutgoingMessage("m1", "me@icloud.com", "any;+;chat42", "end tell\" & do shell script \"x",
                1, List.of("/tmp/a b.jpg"));
        assertEquals(List.of("chat", "any;+;chat42", "end tell\" & do shell script \"x", "/tmp/a b.jpg"), Osascript.sendArguments(m));
        OutgoingMessage p = new OutgoingMessage("m2", "me@icloud.com", "+15557654321", "hi", 1, List.of());
        assertEquals(List.of("person", "+15557654321", "hi"), Osascript.sendArguments(p));
        for (ScriptVariant v : ScriptVariant.values()) {
            assertFalse(v.sendScript().contains("chat42"));
            assertFalse(v.sendScript().contains("shell"));
        }
    }

    @Test
    void chatGuidsOfEveryServiceAreRecognised() {
        for (String g : List.of("iMessage;+;chat123", "SMS;-;+15557654321", "any;+;chat123", "any;-;me@x.com")) {
            assertTrue(OutgoingMessage.isChatGuid(g), g);
        }
        for (String h : List.of("+15557654321", "me@icloud.com", "a;b")) {
            assertFalse(OutgoingMessage.isChatGuid(h), h);
        }
    }
}
