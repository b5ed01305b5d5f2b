package dev.imessagegateway.common;

/** {@code page} (from 1) and {@code limit} (1–100) query parameters, parsed strictly: bad values are 400, never a 500. */
public record PageRequest(int page, int limit) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public static PageRequest parse(String page, String limit) {
        int p = parseInt("page", page, 1, 1, Integer.MAX_VALUE / MAX_LIMIT);
        int l = parseInt("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        return new PageRequest(p, l);
    }

    public int offset() {
        return (page - 1) * limit;
    }

    private static int parseInt(String name, String raw, int fallback, int min, int max) {
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min || value > max) {
                throw ProblemException.badRequest(name, "must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name, "must be an integer between " + min + " and " + max);
        }
    }
}
