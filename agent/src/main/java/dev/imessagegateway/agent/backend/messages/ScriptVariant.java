package dev.imessagegateway.agent.backend.messages;

import java.util.Locale;

/**
 * The AppleScript dialects of Messages.app. macOS 13+ addresses a person as
 * {@code participant h of (1st account whose service type = iMessage)}; before Ventura the container is a
 * {@code service}; before Big Sur the person is a {@code buddy}.
 */
public enum ScriptVariant {
    PARTICIPANT_ACCOUNT("participant", "account"),
    PARTICIPANT_SERVICE("participant", "service"),
    BUDDY_SERVICE("buddy", "service");

    private final String person;
    private final String container;

    ScriptVariant(String person, String container) {
        this.person = person;
        this.container = container;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** By macOS version ({@code os.version}, e.g. {@code 14.5}, {@code 10.15.7}); unknown versions get the newest. */
    public static ScriptVariant forMacOs(String version) {
        int major;
        try {
            major = Integer.parseInt(version.trim().split("\\.")[0]);
        } catch (RuntimeException e) {
            return PARTICIPANT_ACCOUNT;
        }
        if (major >= 13) {
            return PARTICIPANT_ACCOUNT;
        }
        return major >= 11 ? PARTICIPANT_SERVICE : BUDDY_SERVICE;
    }

    /** {@code auto} (by macOS version) or a {@link #cliName()}. */
    public static ScriptVariant select(String option, String osVersion) {
        if (option == null || option.equalsIgnoreCase("auto")) {
            return forMacOs(osVersion);
        }
        for (ScriptVariant v : values()) {
            if (v.cliName().equalsIgnoreCase(option) || v.name().equalsIgnoreCase(option)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown --script-variant " + option
                + " (auto, participant-account, participant-service, buddy-service)");
    }

    /**
     * The send script. Every value arrives in {@code argv}: 1 = "chat" or "person", 2 = chat GUID or handle,
     * 3 = text ("" for none), 4.. = POSIX paths of files. Nothing from a message is ever part of the script text.
     */
    public String sendScript() {
        return String.join("\n",
                "on run argv",
                "\tset targetKind to item 1 of argv",
                "\tset targetId to item 2 of argv",
                "\tset messageText to item 3 of argv",
                "\tset fileList to {}",
                "\trepeat with i from 4 to (count of argv)",
                "\t\tset end of fileList to (POSIX file (item i of argv)) as alias",
                "\tend repeat",
                "\twith timeout of 30 seconds",
                "\t\ttell application \"Messages\"",
                "\t\t\tif targetKind is \"chat\" then",
                "\t\t\t\tset destination to chat id targetId",
                "\t\t\telse",
                "\t\t\t\tset destination to " + person + " targetId of (1st " + container + " whose service type = iMessage)",
                "\t\t\tend if",
                "\t\t\tif messageText is not \"\" then send messageText to destination",
                "\t\t\trepeat with f in fileList",
                "\t\t\t\tsend (contents of f) to destination",
                "\t\t\tend repeat",
                "\t\tend tell",
                "\tend timeout",
                "end run",
                "");
    }

    /** Start-up probe: lists iMessage account handles (best effort) and fails with -1743 without Automation permission. */
    public String probeScript() {
        return String.join("\n",
                "on run argv",
                "\tset out to \"\"",
                "\twith timeout of 20 seconds",
                "\t\ttell application \"Messages\"",
                "\t\t\tset found to every " + container + " whose service type = iMessage",
                "\t\t\trepeat with a in found",
                "\t\t\t\ttry",
                "\t\t\t\t\tset out to out & (description of a) & linefeed",
                "\t\t\t\tend try",
                "\t\t\tend repeat",
                "\t\tend tell",
                "\tend timeout",
                "\treturn out",
                "end run",
                "");
    }
}
