package io.switchboard.adapter.chat;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Messages of the visitor's conversation, oldest first. */
public record ChatMessagePage(
        List<ChatMessageView> items,

        @Schema(
                description = "Pass it as `after` to read on: the next page while hasMore is true, and afterwards"
                        + " the messages written since (poll with it). Null while the conversation has no message.")
        String nextCursor,

        @Schema(description = "Whether more messages can be read right away with nextCursor")
        boolean hasMore) {}
