package io.switchboard.assignment;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import io.switchboard.inbox.InboxActivity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.event.TransactionPhase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Puts a conversation that the inbound path created on a routed channel into the channel's team, so that the
 * team's queue ({@code team=…&assignee=none}) shows it before anyone is assigned. Heard after the ingest commit,
 * off the ingest path; tenants without team routing cost a cache lookup. A conversation missed here (a crash)
 * still joins the team when it is assigned or when the channel's routing changes.
 */
@ApplicationScoped
public class NewConversationTeams {

    private static final Logger LOG = Logger.getLogger(NewConversationTeams.class);

    private final AgroalDataSource dataSource;
    /** Whether a tenant routes any channel to a team, so that activity in the others costs no query. */
    private final Cache<String, Boolean> routing = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofSeconds(10))
            .build();

    public NewConversationTeams(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void conversationCreated(@ObservesAsync InboxActivity activity) {
        if (activity.type() != InboxActivity.Type.CONVERSATION_CREATED
                || !routing.get(activity.tenantId(), this::routesToTeams)) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE conversation c JOIN channel_routing r"
                        + " ON r.channel_id = c.channel_id SET c.team_id = r.team_id, c.version = c.version + 1"
                        + " WHERE c.id = ? AND c.tenant_id = ? AND c.team_id IS NULL AND r.team_id IS NOT NULL")) {
            update.setString(1, activity.conversationId());
            update.setString(2, activity.tenantId());
            update.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf(e, "Conversation %s did not join its channel's team", activity.conversationId());
        }
    }

    void routingChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ChannelRoutingChanged change) {
        routing.invalidate(change.tenantId());
    }

    private boolean routesToTeams(String tenantId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT 1 FROM channel_routing WHERE tenant_id = ? AND team_id IS NOT NULL LIMIT 1")) {
            select.setString(1, tenantId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            LOG.warnf(e, "Could not read the channel routing of tenant %s", tenantId);
            return false;
        }
    }
}
