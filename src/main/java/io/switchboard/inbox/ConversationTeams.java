package io.switchboard.inbox;

import io.agroal.api.AgroalDataSource;
import io.switchboard.tenancy.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The inbox's side of team routing: which team's queue a conversation waits in. Which team that is, is the
 * assignment package's decision (its channel routing); the conversation rows are written here, with a new version
 * so that every change of a conversation goes through its room.
 */
@ApplicationScoped
public class ConversationTeams {

    private final EntityManager em;
    private final AgroalDataSource dataSource;
    private final TenantContext tenant;

    ConversationTeams(EntityManager em, AgroalDataSource dataSource, TenantContext tenant) {
        this.em = em;
        this.dataSource = dataSource;
        this.tenant = tenant;
    }

    /**
     * Moves the conversations of a channel of the current tenant that wait unassigned (not resolved) in the channel's
     * previous team, or in none, into its new team (null: none), because the channel's routing changed; assigned and
     * resolved ones keep theirs, and so do those handed to another team by hand. Returns how many moved.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int routeWaitingOfChannel(String channelId, String previousTeamId, String teamId, Instant at) {
        return em.createNativeQuery("UPDATE conversation SET team_id = :team, version = version + 1,"
                        + " updated_at = :now WHERE channel_id = :channel AND tenant_id = :tenant"
                        + " AND assignee_id IS NULL AND status <> 'RESOLVED' AND NOT (team_id <=> :team)"
                        + " AND (team_id IS NULL OR team_id <=> :previous)")
                .setParameter("team", teamId)
                .setParameter("previous", previousTeamId)
                .setParameter("now", at)
                .setParameter("channel", channelId)
                .setParameter("tenant", tenant.require())
                .executeUpdate();
    }

    /**
     * Puts a conversation into a team if it is in none yet, outside any transaction of the caller's (it runs after
     * the inbound path's commit). Returns whether it joined.
     */
    public boolean joinIfNone(String tenantId, String conversationId, String teamId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE conversation SET team_id = ?,"
                        + " version = version + 1 WHERE id = ? AND tenant_id = ? AND team_id IS NULL")) {
            update.setString(1, teamId);
            update.setString(2, conversationId);
            update.setString(3, tenantId);
            return update.executeUpdate() == 1;
        }
    }
}
