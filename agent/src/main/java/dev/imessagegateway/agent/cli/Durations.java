package dev.imessagegateway.agent.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses durations like {@code 5ms}, {@code 2s}, {@code 1.5s}, {@code 1m}; a bare number means milliseconds. */
public final class Durations implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern P = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    public static Duration parse(String s) {
        Matcher m = P.matcher(s.trim().toLowerCase());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: " + s + " (use e.g. 250ms, 2s, 1m)");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        double ms = switch (unit) {
            case "s" -> v * 1000;
            case "m" -> v * 60_000;
            case "h" -> v * 3_600_000;
            default -> v;
        };
        return Duration.ofMillis(Math.round(ms));
    }

    @Override
    public Duration convert(String value) {
        return parse(value);
    }
}
