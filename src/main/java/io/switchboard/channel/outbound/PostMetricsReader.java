package io.switchboard.channel.outbound;

import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ResolvedChannel;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what published posts got on one kind of channel, and the page's or account's follower count: the metrics
 * capability of a channel kind, found by kind in {@link PostMetricsReaders}. Runs outside any transaction and
 * never touches the database; never throws for a provider's answer.
 */
public interface PostMetricsReader {

    ChannelKind kind();

    /** Most posts one {@link #read} may ask for (one request). */
    int batchSize();

    /** Whether the provider bills each resource read (X): the caller keeps the tenant within its read budget. */
    boolean billedPerRead();

    /**
     * What the posts (the provider's ids) got. {@code withInsights}: also the metrics that the provider computes
     * later (Facebook insights, updated about once a day); {@code refusedMetrics}: insights metrics the provider
     * already refused, not to ask again.
     */
    Reading read(
            ResolvedChannel channel, List<String> providerPostIds, boolean withInsights, Set<String> refusedMetrics);

    /** The page's or account's follower count now. */
    Followers followers(ResolvedChannel channel);

    /** The answer to {@link #read}. */
    sealed interface Reading {
        /**
         * The metrics of each post found; {@code gone} the posts the provider no longer has (deleted);
         * {@code refused} insights metrics the provider refused at this call as unknown or retired (left out, the
         * others read).
         */
        record Read(Map<String, PostMetrics> metrics, Set<String> gone, Set<String> refused) implements Reading {}

        /** The request failed: {@link SendOutcome.Transient} (with the provider's wait, if any) or Permanent. */
        record Failed(SendOutcome failure) implements Reading {}
    }

    /** The answer to {@link #followers}. */
    sealed interface Followers {
        record Count(long followers) implements Followers {}

        record Failed(SendOutcome failure) implements Followers {}
    }
}
