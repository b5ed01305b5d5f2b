package dev.imessagegateway.agent.protocol;

import java.util.Locale;

/** Error codes of protocol v1 with their default {@code retryable} flag. */
public enum ErrorCode {
    BAD_REQUEST(false), UNKNOWN_TYPE(false), UNSUPPORTED_PROTOCOL(false), UNKNOWN_ACCOUNT(false), BUSY(true),
    NOT_AUTHORISED(false), CHAT_NOT_FOUND(false), INVALID_RECIPIENT(false), TIMEOUT(true), NOT_DELIVERED(false),
    SCRIPT_FAILED(true), SIMULATED_FAILURE(false), ATTACHMENT_FAILED(true), NOT_FOUND(false), BAD_OFFSET(true),
    CHECKSUM_MISMATCH(true), ATTACHMENT_MISSING(true), INTERNAL(true);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
