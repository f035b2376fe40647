package io.switchboard.assignment;

import io.switchboard.channel.ChannelService;
import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.inbox.ConversationTeams;
import io.switchboard.staff.TeamService;
import io.switchboard.tenancy.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Channels' routing: the team their conversations belong to, and whether and how they are auto-assigned. */
@ApplicationScoped
public class ChannelRoutings {

    private final EntityManager em;
    private final TenantContext tenant;
    private final ChannelService channels;
    private final TeamService teams;
    private final ConversationTeams conversationTeams;
    private final Clock clock;
    private final Event<ChannelRoutingChanged> changed;

    public ChannelRoutings(
            EntityManager em,
            TenantContext tenant,
            ChannelService channels,
            TeamService teams,
            ConversationTeams conversationTeams,
            Clock clock,
            Event<ChannelRoutingChanged> changed) {
        this.em = em;
        this.tenant = tenant;
        this.channels = channels;
        this.teams = teams;
        this.conversationTeams = conversationTeams;
        this.clock = clock;
        this.changed = changed;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ChannelRoutingView get(String channelId) {
        requireChannel(channelId);
        return ChannelRouting.<ChannelRouting>findByIdOptional(channelId)
                .map(ChannelRoutingView::of)
                .orElse(new ChannelRoutingView(channelId, null, AutoAssignment.OFF));
    }

    /** The team a channel of the current tenant routes to, if any. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> teamOf(String channelId) {
        return ChannelRouting.<ChannelRouting>findByIdOptional(channelId).map(r -> r.teamId);
    }

    /**
     * Sets a channel's routing. The channel's conversations that wait unassigned (not resolved) in its previous
     * team, or in none, move to the new team; assigned and resolved ones keep theirs, and so do the ones handed to
     * another team by hand ({@link TeamTransfer}).
     */
    @Transactional
    public ChannelRoutingView set(String channelId, ChannelRoutingRequest request) {
        requireChannel(channelId);
        if (request.teamId() != null && !teams.exists(request.teamId())) {
            throw InvalidRequestException.ofField("teamId", "is not a team of this tenant");
        }
        if (request.teamId() == null && request.autoAssignment() != AutoAssignment.OFF) {
            throw InvalidRequestException.ofField("teamId", "is required to assign automatically");
        }
        Instant now = clock.instant();
        ChannelRouting routing = ChannelRouting.findById(channelId, LockModeType.PESSIMISTIC_WRITE);
        if (routing == null) {
            routing = new ChannelRouting();
            routing.channelId = channelId;
        }
        String previousTeam = routing.teamId;
        routing.teamId = request.teamId();
        routing.autoAssignment = request.autoAssignment();
        routing.updatedAt = now;
        routing.persist();
        conversationTeams.routeWaitingOfChannel(channelId, previousTeam, request.teamId(), now);
        if (routing.autoAssignment != AutoAssignment.OFF) {
            // The row the auto-assigner of this tenant locks; created once, here, in a statement of its own.
            em.createNativeQuery("INSERT IGNORE INTO assignment_lock (tenant_id) VALUES (:tenant)")
                    .setParameter("tenant", tenant.require())
                    .executeUpdate();
        }
        changed.fire(new ChannelRoutingChanged(tenant.require(), channelId, routing.teamId, routing.autoAssignment));
        return ChannelRoutingView.of(routing);
    }

    private void requireChannel(String channelId) {
        if (channels.find(channelId).isEmpty()) {
            throw new ResourceNotFoundException("Channel", channelId);
        }
    }
}
