package io.switchboard.channel.outbound;

/**
 * What one published post got, as its provider counts it; null where the provider gave no figure (a metric not
 * read at this fetch, or refused). On X, {@code reactions} are likes, {@code comments} replies and {@code shares}
 * reposts; {@code views} are Facebook's media views or X's impressions, {@code uniqueViews} Facebook's unique
 * media views.
 */
public record PostMetrics(
        Long views, Long uniqueViews, Long reactions, Long comments, Long shares, Long quotes, Long bookmarks) {}
