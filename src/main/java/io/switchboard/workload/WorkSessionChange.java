package io.switchboard.workload;

import io.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One hand-made change of a work session, with the entry as it was after it (before it, for a deletion). */
@Entity
@Table(name = "work_session_change")
public class WorkSessionChange extends TenantOwnedEntity {

    public enum Action {
        CREATED,
        UPDATED,
        DELETED
    }

    @Id
    public String id;

    @Column(name = "work_session_id", nullable = false, updatable = false)
    public String workSessionId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Action action;

    @Column(name = "changed_by", nullable = false, updatable = false)
    public String changedBy;

    @Column(name = "changed_at", nullable = false, updatable = false)
    public Instant changedAt;

    /** JSON of the {@link WorkSessionView}. */
    @Column(nullable = false, updatable = false)
    public String entry;
}
