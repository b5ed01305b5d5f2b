package dev.imessagegateway.common;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Normalises the handles iMessage knows: phone numbers to E.164 (libphonenumber, "possible number" level, so
 * {@code +15551234567} is accepted), Apple ID emails to lower case, and group chat GUIDs as given.
 */
@Singleton
public class Handles {

    private static final Pattern CHAT_GUID = Pattern.compile("^(?:iMessage|SMS|any);[+-];\\S+$");
    private static final Pattern EMAIL = Pattern.compile("^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$");
    private static final Pattern PHONE_CHARS = Pattern.compile("^\\+?[0-9 ().\\-/]+$");

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    public Handles(GatewayConfig config) {
        this.defaultRegion = config.defaultRegion().toUpperCase(Locale.ROOT);
    }

    /** A recipient: phone, email or chat GUID; empty when it is none of them. */
    public Optional<String> recipient(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String value = raw.strip();
        if (CHAT_GUID.matcher(value).matches()) {
            return Optional.of(value);
        }
        return person(value);
    }

    /** A person or account: phone or email (no chat GUID); empty when it is neither. */
    public Optional<String> person(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String value = raw.strip();
        if (value.contains("@")) {
            return EMAIL.matcher(value).matches() ? Optional.of(value.toLowerCase(Locale.ROOT)) : Optional.empty();
        }
        return phone(value);
    }

    /** True for a group or 1:1 chat GUID ({@code iMessage;+;chat...}). */
    public static boolean isChatGuid(String handle) {
        return handle != null && CHAT_GUID.matcher(handle).matches();
    }

    private Optional<String> phone(String value) {
        if (!PHONE_CHARS.matcher(value).matches() || value.chars().filter(Character::isDigit).count() < 3) {
            return Optional.empty();
        }
        try {
            PhoneNumber number = phones.parse(value, defaultRegion);
            if (!phones.isPossibleNumber(number)) {
                return Optional.empty();
            }
            return Optional.of(phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
