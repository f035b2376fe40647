package io.switchboard.assignment;

import io.agroal.api.AgroalDataSource;
import io.switchboard.inbox.ConversationTeams;
import io.switchboard.inbox.InboxActivity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

    private final ConversationTeams conversations;

    public NewConversationTeams(AgroalDataSource dataSource, TenantRouting routing, ConversationTeams conversations) {
        this.dataSource = dataSource;
        this.routing = routing;
        this.conversations = conversations;
    }

    void conversationCreated(@ObservesAsync InboxActivity activity) {
        if (activity.type() != InboxActivity.Type.CONVERSATION_CREATED
                || !routing.of(activity.tenantId()).routesToTeams()) {
            return;
        }
        try {
            String teamId = channelTeam(activity.tenantId(), activity.conversationId());
            if (teamId != null) {
                conversations.joinIfNone(activity.tenantId(), activity.conversationId(), teamId);
            }
        } catch (SQLException e) {
            LOG.warnf(e, "Conversation %s did not join its channel's team", activity.conversationId());
        }
    }

    /** The team the conversation's channel routes to, null for none. */
    private String channelTeam(String tenantId, String conversationId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT r.team_id FROM conversation c"
                        + " JOIN channel_routing r ON r.channel_id = c.channel_id AND r.tenant_id = c.tenant_id"
                        + " WHERE c.id = ? AND c.tenant_id = ?")) {
            select.setString(1, conversationId);
            select.setString(2, tenantId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
