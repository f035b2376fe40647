package io.switchboard.assignment;

import io.agroal.api.AgroalDataSource;
import io.switchboard.inbox.InboxActivity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
    private final TenantRouting routing;

    public NewConversationTeams(AgroalDataSource dataSource, TenantRouting routing) {
        this.dataSource = dataSource;
        this.routing = routing;
    }

    void conversationCreated(@ObservesAsync InboxActivity activity) {
        if (activity.type() != InboxActivity.Type.CONVERSATION_CREATED
                || !routing.of(activity.tenantId()).routesToTeams()) {
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
}
