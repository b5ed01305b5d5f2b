package dev.imessagegateway.message;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A file attached to a message: for now the source URL given by the client; the download side comes later. */
@Entity
@Table(name = "message_attachment")
public class MessageAttachment extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "message_id")
    public String messageId;

    public int position;

    @Column(name = "source_url")
    public String sourceUrl;

    public String filename;

    @Column(name = "mime_type")
    public String mimeType;

    public Long size;

    public String sha256;

    @Column(name = "stored_at")
    public Instant storedAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at")
    public Instant createdAt;
}
