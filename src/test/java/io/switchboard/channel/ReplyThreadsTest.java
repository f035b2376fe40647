package io.switchboard.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyThreadsTest {

    @Test
    void aMessageWithoutParentStartsItsOwnThread() {
        var threads = new ReplyThreads("x-tweet:");
        assertEquals(new ReplyThreads.Placement("x-tweet:1", List.of()), threads.place("1", null));
    }

    @Test
    void repliesInheritTheThreadAndChainOfTheirParentInTheSameDelivery() {
        var threads = new ReplyThreads("fb-comment:");
        threads.place("c1", null);
        threads.place("r1", "c1");
        assertEquals(new ReplyThreads.Placement("fb-comment:c1", List.of("r1", "c1")), threads.place("r2", "r1"));
    }

    @Test
    void aReplyToAnUnseenMessageMeetsItsSiblingsInThatMessagesThread() {
        var threads = new ReplyThreads("fb-comment:");
        assertEquals(new ReplyThreads.Placement("fb-comment:c9", List.of("c9")), threads.place("r1", "c9"));
        assertEquals(new ReplyThreads.Placement("fb-comment:c9", List.of("c9")), threads.place("r2", "c9"));
    }
}
