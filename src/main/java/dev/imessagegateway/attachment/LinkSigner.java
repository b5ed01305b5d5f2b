package dev.imessagegateway.attachment;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * Signs download links: {@code token = base64url(HMAC-SHA256(key, attachmentId + "." + expires))}, so a link can be
 * handed to a browser without the API key. A changed id, expiry or token fails verification.
 */
public class LinkSigner {

    private final byte[] key;

    public LinkSigner(String secret) {
        if (secret == null || secret.isBlank()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            this.key = random;
        } else {
            this.key = secret.getBytes(StandardCharsets.UTF_8);
        }
    }

    public String sign(String attachmentId, long expiresEpochSeconds) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sig = mac.doFinal((attachmentId + "." + expiresEpochSeconds).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Outcome of checking a link. */
    public enum Check { VALID, EXPIRED, INVALID }

    public Check verify(String attachmentId, String expires, String token, Instant now) {
        long exp;
        try {
            exp = Long.parseLong(expires);
        } catch (NumberFormatException | NullPointerException e) {
            return Check.INVALID;
        }
        byte[] expected = sign(attachmentId, exp).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token == null ? new byte[0] : token.getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            return Check.INVALID;
        }
        return now.getEpochSecond() > exp ? Check.EXPIRED : Check.VALID;
    }
}
