package io.switchboard.scheduling;

import java.time.Instant;
import java.util.Set;

/**
 * An operator changed the own text of some of a post's channels (a target's text, the broadcast's text) in one
 * edit: fired in the editing transaction, so that work on the post can be counted on those channels.
 *
 * @param channelIds the channels whose own text was added, changed or removed
 */
public record PostTextsEdited(String tenantId, String postId, String operatorId, Set<String> channelIds, Instant at) {}
