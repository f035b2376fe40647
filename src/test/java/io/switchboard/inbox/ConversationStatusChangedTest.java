package io.switchboard.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Observers of status changes hear of each change once, with its before and after, inside its transaction. */
@QuarkusTest
class ConversationStatusChangedTest {

    @Inject
    Heard heard;

    @Test
    void resolvingAndReopeningAreAnnouncedOnceEach() {
        InboxFixture inbox = new InboxFixture("status-events");
        String channel = inbox.channel("API");
        String conversation = inbox.send(channel, "m-1", "c-1", "Carla", "hello");
        String manager = inbox.operatorId(inbox.manager);

        inbox.patch(inbox.manager, conversation, Map.of("status", "RESOLVED")).statusCode(200);
        inbox.patch(inbox.manager, conversation, Map.of("priority", "HIGH")).statusCode(200);
        inbox.patch(inbox.manager, conversation, Map.of("status", "OPEN")).statusCode(200);

        List<ConversationStatusChanged> mine = heard.events.stream()
                .filter(e -> e.conversationId().equals(conversation))
                .toList();
        assertEquals(2, mine.size());
        assertEquals(ConversationStatus.OPEN, mine.get(0).from());
        assertEquals(ConversationStatus.RESOLVED, mine.get(0).to());
        assertEquals(manager, mine.get(0).actorOperatorId());
        assertEquals(channel, mine.get(0).channelId());
        assertEquals(inbox.tenant, mine.get(0).tenantId());
        assertEquals(ConversationStatus.RESOLVED, mine.get(1).from());
        assertEquals(ConversationStatus.OPEN, mine.get(1).to());
    }

    @Singleton
    static class Heard {
        final List<ConversationStatusChanged> events = new CopyOnWriteArrayList<>();

        void on(@Observes ConversationStatusChanged event) {
            events.add(event);
        }
    }
}
