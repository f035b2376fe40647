package io.switchboard.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.testing.InTenant;
import io.switchboard.testing.Sql;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** {@link OutboundMessages#lock}: the conversation as it is now, locked, whether or not the transaction read it. */
@QuarkusTest
class ConversationLockTest {

    @Inject
    OutboundMessages messages;

    @Inject
    Sql sql;

    @Test
    void aConversationReadEarlierInTheTransactionIsReadAgainUnderTheLock() {
        InboxFixture f = new InboxFixture("lock");
        String conversation = f.send(f.channel("Lock"), "m-1", "+4930111", "Ada", "Erste Nachricht");
        String other = new InboxFixture("lock-other").tenant;

        String seen = InTenant.call(f.tenant, () -> {
            Conversation loaded = Conversation.findById(conversation);
            assertEquals("Erste Nachricht", loaded.lastMessagePreview);
            // Another transaction changes it after this one read it.
            sql.update("UPDATE conversation SET last_message_preview = 'Zweite Nachricht' WHERE id = ?", conversation);
            return messages.lock(conversation).lastMessagePreview;
        });
        assertEquals("Zweite Nachricht", seen);

        // Not read before: one locked read, which sees the latest too.
        sql.update("UPDATE conversation SET last_message_preview = 'Dritte Nachricht' WHERE id = ?", conversation);
        assertEquals("Dritte Nachricht", InTenant.call(f.tenant, () -> messages.lock(conversation).lastMessagePreview));

        // Another tenant's conversation is unknown, read before or not.
        assertThrows(ResourceNotFoundException.class, () -> InTenant.run(other, () -> messages.lock(conversation)));
        assertThrows(
                ResourceNotFoundException.class,
                () -> InTenant.run(other, () -> {
                    Conversation.findByIdOptional(conversation);
                    messages.lock(conversation);
                }));
    }
}
