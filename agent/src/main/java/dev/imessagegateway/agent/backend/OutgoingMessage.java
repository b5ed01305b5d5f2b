package dev.imessagegateway.agent.backend;

import dev.imessagegateway.agent.attachments.StagedAttachment;
import java.util.List;

/**
 * A message accepted into the ledger, to be handed to Messages.app. {@code to} is a handle or a chat GUID.
 * {@code attachments} are the local file paths handed over (staged files first, then legacy paths); {@code files}
 * the staged attachments pulled from the gateway (with their sha256, for the sent log).
 */
public record OutgoingMessage(String messageId, String account, String to, String body, int attempt, List<String> attachments,
                              List<StagedAttachment> files) {

    public OutgoingMessage(String messageId, String account, String to, String body, int attempt, List<String> attachments) {
        this(messageId, account, to, body, attempt, attachments, List.of());
    }

    /** Chat GUIDs look like {@code iMessage;+;chat123}, {@code SMS;-;+1555…} or (macOS 26) {@code any;+;chat123}. */
    public boolean toChat() {
        return isChatGuid(to);
    }

    public static boolean isChatGuid(String to) {
        int first = to.indexOf(';');
        return first > 0 && to.indexOf(';', first + 1) == first + 2
                && (to.charAt(first + 1) == '+' || to.charAt(first + 1) == '-');
    }
}
