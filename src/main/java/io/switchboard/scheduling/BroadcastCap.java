package io.switchboard.scheduling;

import io.switchboard.channel.ChannelKind;
import io.switchboard.inbox.ContactAudience;
import io.switchboard.limits.PaidMessageAllowance;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The one rule between a broadcast and the tenant's daily cap of its kind (SMS, EMAIL): the whole audience of an
 * occurrence fits in what is left of its day, or none of it goes (a community manager would not know who got it).
 * Checked ahead when a post is submitted or scheduled ({@link #ahead}: 422 then), and enforced when it fires
 * ({@link #atFiring}, under the day's usage lock, so concurrent firings count one after the other).
 */
@ApplicationScoped
class BroadcastCap {

    private final ContactAudience audience;
    private final PaidMessageAllowance allowance;

    BroadcastCap(ContactAudience audience, PaidMessageAllowance allowance) {
        this.audience = audience;
        this.allowance = allowance;
    }

    /** The audience as it is now against the day's usage; {@link #fits} says whether it may go. */
    record Verdict(String label, long members, PaidMessageAllowance.Usage usage) {

        boolean fits() {
            return members <= usage.remaining();
        }

        /** Why it may not, in words a community manager understands. */
        String refusal() {
            return BroadcastCap.refusal(label, members, usage);
        }
    }

    /** Why {@code recipients} of the broadcast to {@code label} do not fit in what is left of the day. */
    static String refusal(String label, long recipients, PaidMessageAllowance.Usage usage) {
        return "The broadcast's audience (label '" + label + "') has " + recipients + " recipients, more than what"
                + " is left of the day's cap. " + usage.refusal(recipients);
    }

    /** Ahead of time, without a lock; empty when the kind has no cap. */
    Optional<Verdict> ahead(Post post, String tenantId, ChannelKind kind, LocalDate day) {
        if (!PaidMessageAllowance.capped(kind)) {
            return Optional.empty();
        }
        long members = audience.count(tenantId, post.audienceChannelId, post.audienceLabel, kind);
        return Optional.of(new Verdict(post.audienceLabel, members, allowance.usage(tenantId, kind, day)));
    }

    /**
     * At firing, holding the day's usage row until the transaction ends (the caller adds what it wrote); empty when
     * the kind has no cap.
     */
    Optional<Verdict> atFiring(Post post, ChannelKind kind, LocalDate day) {
        if (!PaidMessageAllowance.capped(kind)) {
            return Optional.empty();
        }
        PaidMessageAllowance.Usage usage = allowance.lock(post.tenantId, kind, day);
        long members = audience.count(post.tenantId, post.audienceChannelId, post.audienceLabel, kind);
        return Optional.of(new Verdict(post.audienceLabel, members, usage));
    }
}
