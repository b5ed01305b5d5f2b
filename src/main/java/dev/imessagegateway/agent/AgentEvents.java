package dev.imessagegateway.agent;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletionStage;

/** What the gateway does with what agents tell it. Each stage completes once the effect is committed. */
public interface AgentEvents {

    /** An agent said hello: its accounts are registered, messages it may hold are reconciled. */
    CompletionStage<Void> onHello(AgentConnection connection);

    /** A {@code status} event (sent, delivered, read, failed). */
    CompletionStage<Void> onStatus(AgentConnection connection, JsonNode data);

    /** An {@code inbound} event: a message someone sent to one of the agent's accounts. */
    CompletionStage<Void> onInbound(AgentConnection connection, JsonNode data);

    /** {@code attachment.get}: a chunk of an outbound attachment (the reply's data). */
    CompletionStage<com.fasterxml.jackson.databind.node.ObjectNode> onAttachmentGet(AgentConnection connection, JsonNode data);

    /** {@code attachment.put}: a chunk of an inbound attachment (the reply's data). */
    CompletionStage<com.fasterxml.jackson.databind.node.ObjectNode> onAttachmentPut(AgentConnection connection, JsonNode data);

    /** Send capacity became free on a connection (a send finished, or a connection became ready). */
    void onCapacity();
}
