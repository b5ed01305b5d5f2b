package dev.imessagegateway.bulk;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One bulk job; its messages carry its id in {@code message.bulk_job_id}, its counts live in {@code bulk_job_count}. */
@Entity
@Table(name = "bulk_job")
public class BulkJob extends PanacheEntityBase {

    public static final String PROCESSING = "processing";
    public static final String COMPLETED = "completed";
    public static final String CANCELLED = "cancelled";

    @Id
    public String id;

    public String name;

    public String status;

    public int total;

    public short priority;

    @Column(name = "from_number")
    public String fromNumber;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;
}
