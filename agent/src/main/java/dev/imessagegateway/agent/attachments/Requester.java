package dev.imessagegateway.agent.attachments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imessagegateway.agent.protocol.Frame;
import java.io.IOException;

/** Sends one request of the agent to a gateway and waits for its {@code ok} / {@code error} reply. */
@FunctionalInterface
public interface Requester {
    /** @throws IOException when the connection closed or the reply did not come in time */
    Frame call(String type, ObjectNode data) throws IOException;
}
