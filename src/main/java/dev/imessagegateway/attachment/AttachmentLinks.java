package dev.imessagegateway.attachment;

import dev.imessagegateway.common.GatewayConfig;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/** Absolute, signed, expiring links to {@code GET /api/v1/attachments/{id}/content}. */
@Singleton
public class AttachmentLinks {

    private final LinkSigner signer;
    private final Duration ttl;

    public AttachmentLinks(GatewayConfig config) {
        this.signer = new LinkSigner(config.attachments().signingKey().orElse(null));
        this.ttl = config.attachments().linkTtl();
    }

    public String link(URI baseUri, String attachmentId) {
        long expires = Instant.now().plus(ttl).getEpochSecond();
        return baseUri.resolve("api/v1/attachments/" + attachmentId + "/content?expires=" + expires
                + "&token=" + signer.sign(attachmentId, expires)).toString();
    }

    public LinkSigner.Check verify(String attachmentId, String expires, String token) {
        return signer.verify(attachmentId, expires, token, Instant.now());
    }
}
