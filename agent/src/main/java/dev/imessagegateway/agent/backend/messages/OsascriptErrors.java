package dev.imessagegateway.agent.backend.messages;

import dev.imessagegateway.agent.protocol.ErrorCode;
import dev.imessagegateway.agent.protocol.ErrorInfo;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps osascript failures ({@code execution error: … (-1728)}) to protocol error codes. */
public final class OsascriptErrors {
    private static final Pattern CODE = Pattern.compile("\\((-?\\d+)\\)");
    public static final String AUTOMATION_PROBLEM = "Messages refused to be controlled by AppleScript (error -1743): allow it in "
            + "System Settings > Privacy & Security > Automation > (the program running the agent: imessage-agent, java or "
            + "your terminal) > enable \"Messages\", then restart the agent.";

    private OsascriptErrors() {
    }

    /** The AppleScript error number in osascript's stderr (the last one), or null. */
    public static Integer errorNumber(String stderr) {
        Matcher m = CODE.matcher(stderr == null ? "" : stderr);
        Integer n = null;
        while (m.find()) {
            try {
                n = Integer.parseInt(m.group(1));
            } catch (NumberFormatException ignored) {
                // not an error number
            }
        }
        return n;
    }

    public static ErrorInfo map(Osascript.Result r) {
        if (r.timedOut()) {
            return ErrorInfo.of(ErrorCode.TIMEOUT, "osascript did not finish in time (Messages.app not answering)");
        }
        String detail = r.stderr() == null ? "" : r.stderr().strip();
        if (detail.length() > 300) {
            detail = detail.substring(0, 300) + "…";
        }
        Integer n = errorNumber(r.stderr());
        if (n == null) {
            return ErrorInfo.of(ErrorCode.SCRIPT_FAILED, "osascript exited with " + r.exit() + ": " + detail);
        }
        return switch (n) {
            case -1743 -> ErrorInfo.of(ErrorCode.NOT_AUTHORISED, AUTOMATION_PROBLEM);
            case -1728 -> ErrorInfo.of(ErrorCode.CHAT_NOT_FOUND, "Messages.app has no such chat or buddy: " + detail);
            case -1700, -1701, -1703 -> ErrorInfo.of(ErrorCode.INVALID_RECIPIENT, "Messages.app refused the recipient: " + detail);
            case -1712 -> ErrorInfo.of(ErrorCode.TIMEOUT, "Messages.app did not answer in time: " + detail);
            default -> ErrorInfo.of(ErrorCode.SCRIPT_FAILED, "osascript failed (" + n + "): " + detail);
        };
    }
}
