package dev.imessagegateway.account;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A handle messages can be sent from: registered by configuration or announced by a connected agent. */
@Entity
@Table(name = "sender_account")
public class SenderAccount extends PanacheEntityBase {

    @Id
    public String handle;

    public String source;

    @Column(name = "agent_id")
    public String agentId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;
}
