package dev.imessagegateway.agent.attachments;

/** An attachment could not be transferred or verified. */
public class AttachmentException extends Exception {
    public AttachmentException(String message) {
        super(message);
    }

    public AttachmentException(String message, Throwable cause) {
        super(message, cause);
    }
}
