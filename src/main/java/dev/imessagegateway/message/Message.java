package dev.imessagegateway.message;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A sent or received message; see {@code V1__messages.sql} for the columns' meaning. */
@Entity
@Table(name = "message")
public class Message extends PanacheEntityBase {

    public static final String SENT = "sent";
    public static final String RECEIVED = "received";

    @Id
    public String id;

    public String direction;

    public MessageStatus status;

    public String recipient;

    public String sender;

    public String participant;

    @Column(name = "from_number")
    public String fromNumber;

    public String body;

    public short priority;

    public int attempts;

    @Column(name = "attempts_base")
    public int attemptsBase;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "claimed_by")
    public String claimedBy;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    public String guid;

    public String chat;

    @Column(name = "bulk_job_id")
    public String bulkJobId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "queued_at")
    public Instant queuedAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "read_at")
    public Instant readAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
