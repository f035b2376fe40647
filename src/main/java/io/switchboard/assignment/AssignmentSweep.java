package io.switchboard.assignment;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Every replica, every few seconds: runs an auto-assignment pass in each tenant with conversations waiting in
 * auto-assigning channels. It catches what no trigger of this replica announced: conversations created or
 * reopened through another replica, room made there, and triggers lost in a crash.
 */
@ApplicationScoped
public class AssignmentSweep {

    private static final Logger LOG = Logger.getLogger(AssignmentSweep.class);

    private final AutoAssigner assigner;
    private final AgroalDataSource dataSource;

    public AssignmentSweep(AutoAssigner assigner, AgroalDataSource dataSource) {
        this.assigner = assigner;
        this.dataSource = dataSource;
    }

    @Scheduled(
            identity = "auto-assignment-sweep",
            executeWith = Scheduled.SIMPLE,
            every = "${switchboard.assignment.sweep-interval:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        sweep();
    }

    /** Runs a pass in every tenant with waiting work; returns how many conversations were assigned. */
    public int sweep() {
        int assigned = 0;
        for (String tenantId : tenantsWithWaitingWork()) {
            try {
                assigned += assigner.assignWaiting(tenantId);
            } catch (RuntimeException e) {
                // One tenant's failure must not hold up the others.
                LOG.warnf(e, "Auto-assignment in tenant %s failed", tenantId);
            }
        }
        return assigned;
    }

    /**
     * Tenants with an OPEN unassigned conversation in an auto-assigning channel: the routing index lists the
     * auto-assigning channels, and the waiting index answers for each whether anything waits.
     */
    private List<String> tenantsWithWaitingWork() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT DISTINCT r.tenant_id FROM channel_routing r"
                        + " WHERE r.auto_assignment IN ('ROUND_ROBIN', 'LEAST_LOADED') AND r.team_id IS NOT NULL"
                        + " AND EXISTS (SELECT 1 FROM conversation c WHERE c.channel_id = r.channel_id"
                        + " AND c.status = 'OPEN' AND c.assignee_id IS NULL)");
                ResultSet rs = select.executeQuery()) {
            List<String> tenants = new ArrayList<>();
            while (rs.next()) {
                tenants.add(rs.getString(1));
            }
            return tenants;
        } catch (SQLException e) {
            throw new IllegalStateException("Looking for waiting conversations failed", e);
        }
    }
}
