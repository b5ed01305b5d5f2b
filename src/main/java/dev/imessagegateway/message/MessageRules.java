package dev.imessagegateway.message;

import dev.imessagegateway.common.FieldError;
import dev.imessagegateway.common.Handles;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The validation rules of a message to send, shared by {@code POST /messages} and bulk jobs. Errors are
 * collected (every bad field is reported), with field names prefixed for bulk entries ({@code messages[3].to}).
 */
@Singleton
public class MessageRules {

    public static final int MAX_BODY_CODE_POINTS = 20_000;
    public static final int MAX_ATTACHMENTS = 10;
    public static final int MAX_URL_LENGTH = 2048;

    private final Handles handles;

    public MessageRules(Handles handles) {
        this.handles = handles;
    }

    /** A validated, normalised message; {@code null} fields were not given. */
    public record Draft(String to, String body, List<String> attachments, int priority, String fromNumber) {
    }

    /** Checks one message; appends its errors (field names prefixed by {@code prefix}) and returns null if any. */
    public Draft check(String prefix, String to, String body, List<String> attachments, Integer priority,
                       String fromNumber, List<FieldError> errors) {
        int before = errors.size();
        String normalisedTo = null;
        if (to == null || to.isBlank()) {
            errors.add(new FieldError(prefix + "to", "is required"));
        } else {
            normalisedTo = handles.recipient(to).orElse(null);
            if (normalisedTo == null) {
                errors.add(new FieldError(prefix + "to",
                        "must be a phone number (E.164, e.g. +15551234567), an Apple ID email, or a chat GUID"));
            }
        }
        List<String> urls = attachments == null ? List.of() : attachments;
        if (urls.size() > MAX_ATTACHMENTS) {
            errors.add(new FieldError(prefix + "attachments", "at most " + MAX_ATTACHMENTS + " attachments"));
        }
        for (int i = 0; i < urls.size(); i++) {
            String problem = urlProblem(urls.get(i));
            if (problem != null) {
                errors.add(new FieldError(prefix + "attachments[" + i + "]", problem));
            }
        }
        String text = body == null || body.isBlank() ? null : body;
        if (text == null && urls.isEmpty()) {
            errors.add(new FieldError(prefix + "body", "is required unless attachments are given"));
        } else if (text != null && text.codePointCount(0, text.length()) > MAX_BODY_CODE_POINTS) {
            errors.add(new FieldError(prefix + "body", TOO_LONG));
        }
        checkPriority(prefix + "priority", priority, errors);
        String from = checkFromNumber(prefix + "fromNumber", fromNumber, errors);
        if (errors.size() > before) {
            return null;
        }
        return new Draft(normalisedTo, text, List.copyOf(urls), priority == null ? 0 : priority, from);
    }

    /** Checks a priority (null means the default, 0). */
    public void checkPriority(String field, Integer priority, List<FieldError> errors) {
        if (priority != null && (priority < 0 || priority > 100)) {
            errors.add(new FieldError(field, "must be between 0 and 100"));
        }
    }

    /** Normalises a fromNumber (null when not given or invalid; invalid adds an error). */
    public String checkFromNumber(String field, String fromNumber, List<FieldError> errors) {
        if (fromNumber == null) {
            return null;
        }
        String from = handles.person(fromNumber).orElse(null);
        if (from == null) {
            errors.add(new FieldError(field, "must be a phone number or an Apple ID email"));
        }
        return from;
    }

    /** The message of a body over the size limit: such a request is answered 413 when it is the only error. */
    public static final String TOO_LONG = "must be at most " + MAX_BODY_CODE_POINTS + " characters (Unicode code points)";

    /** True when every error is a too-long body, which the API answers with 413 rather than 400. */
    public static boolean onlyTooLarge(List<FieldError> errors) {
        return !errors.isEmpty() && errors.stream().allMatch(e -> TOO_LONG.equals(e.message()));
    }

    private static String urlProblem(String url) {
        if (url == null || url.isBlank()) {
            return "must be an http or https URL";
        }
        if (url.length() > MAX_URL_LENGTH) {
            return "must be at most " + MAX_URL_LENGTH + " characters";
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                return "must be an http or https URL";
            }
            return null;
        } catch (URISyntaxException e) {
            return "must be an http or https URL";
        }
    }
}
