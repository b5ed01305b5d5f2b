package dev.imessagegateway.agent.backend;

import dev.imessagegateway.agent.protocol.ErrorCode;
import dev.imessagegateway.agent.protocol.ErrorInfo;

/** The hand-over to Messages.app failed; {@link #error()} is reported in a {@code failed} status event. */
public class SendFailure extends Exception {
    private final transient ErrorInfo error;

    public SendFailure(ErrorInfo error) {
        super(error.code() + ": " + error.message());
        this.error = error;
    }

    public SendFailure(ErrorCode code, String message) {
        this(ErrorInfo.of(code, message));
    }

    public ErrorInfo error() {
        return error;
    }
}
