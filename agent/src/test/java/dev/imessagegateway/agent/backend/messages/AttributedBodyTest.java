package dev.imessagegateway.agent.backend.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.imessagegateway.agent.testing.ChatDbFixture;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AttributedBodyTest {
    @Test
    void decodesAShortBody() {
        assertEquals("Who brings the rope?", AttributedBody.decode(ChatDbFixture.typedstream("Who brings the rope?")));
    }

    @Test
    void decodesMultiByteTextWithTwoByteLength() {
        String text = "Grüße 😀 \"quoted\" \\ backslash\n".repeat(8); // > 127 bytes: 0x81 + 2-byte length
        assertEquals(text, AttributedBody.decode(ChatDbFixture.typedstream(text)));
    }

    @Test
    void decodesVeryLongTextWithFourByteLength() {
        String text = "x".repeat(70_000); // > 65535 bytes: 0x82 + 4-byte length
        assertEquals(text, AttributedBody.decode(ChatDbFixture.typedstream(text)));
    }

    @Test
    void findsTheMutableStringMarkerToo() {
        byte[] blob = ChatDbFixture.typedstream("mutable");
        String s = new String(blob, StandardCharsets.ISO_8859_1).replace("\u0008NSString", "\u000FNSMutableString");
        assertEquals("mutable", AttributedBody.decode(s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void returnsNullForBlobsWithoutAString() {
        assertNull(AttributedBody.decode(null));
        assertNull(AttributedBody.decode(new byte[]{1, 2, 3}));
        assertNull(AttributedBody.decode("streamtyped NSString no plus".getBytes(StandardCharsets.US_ASCII)));
        byte[] truncated = ChatDbFixture.typedstream("this text is cut off");
        assertNull(AttributedBody.decode(java.util.Arrays.copyOf(truncated, 80)));
    }
}
