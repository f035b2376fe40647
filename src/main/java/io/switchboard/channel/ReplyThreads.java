package io.switchboard.channel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Places public replies (comment replies, tweet replies) of one provider delivery in their threads. A reply
 * joins the conversation of the message it answers: when that message is stored already, the ingestor finds
 * it through {@code inReplyTo}; when it came in the same delivery (and is not stored yet), the reply inherits
 * its thread key and its own {@code inReplyTo} chain from here. A reply to a message never seen falls back to
 * a thread named after that message, so that its siblings meet there.
 */
public final class ReplyThreads {

    /** Where one message goes: its thread key, and the provider ids it answers, nearest first. */
    public record Placement(String threadKey, List<String> inReplyTo) {}

    private final String prefix;
    private final Map<String, Placement> placed = new HashMap<>();

    /** @param prefix names the kind of thread in the key, such as {@code fb-comment:} */
    public ReplyThreads(String prefix) {
        this.prefix = prefix;
    }

    /**
     * @param id the provider's id of the message
     * @param parentId the id of the message it answers; null for a message that starts a thread
     */
    public Placement place(String id, String parentId) {
        Placement placement;
        if (parentId == null) {
            placement = new Placement(prefix + id, List.of());
        } else {
            Placement parent = placed.get(parentId);
            List<String> chain = new ArrayList<>();
            chain.add(parentId);
            if (parent != null) {
                chain.addAll(parent.inReplyTo());
            }
            placement = new Placement(parent != null ? parent.threadKey() : prefix + parentId, List.copyOf(chain));
        }
        placed.putIfAbsent(id, placement);
        return placement;
    }
}
