package io.switchboard.adapter.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmailThreadingTest {

    @Test
    void aNewMessageStartsAThreadNamedAfterItself() {
        var thread = EmailThreading.of("  <CAF=abc+123@mail.example.com>\r\n", null, "");
        assertEquals("CAF=abc+123@mail.example.com", thread.externalId());
        assertEquals(List.of(), thread.inReplyTo());
        assertEquals("email:CAF=abc+123@mail.example.com", thread.threadKey());
    }

    @Test
    void aReplyLooksForItsParentThenTheAncestryMostRecentFirstAndIsKeyedByTheRoot() {
        var thread = EmailThreading.of("<c@x>", "<b@x>", "<a@x>\r\n <b@x>");
        assertEquals(List.of("b@x", "a@x"), thread.inReplyTo());
        assertEquals("email:a@x", thread.threadKey());

        var deep = EmailThreading.of("<e@x>", "<d@x>", "<a@x> <b@x> <c@x> <d@x>");
        assertEquals(List.of("d@x", "c@x", "b@x", "a@x"), deep.inReplyTo());
        assertEquals("email:a@x", deep.threadKey());
    }

    @Test
    void aReplyWithoutReferencesIsKeyedByItsParent() {
        var thread = EmailThreading.of("<r@x>", "<parent@x>", null);
        assertEquals(List.of("parent@x"), thread.inReplyTo());
        assertEquals("email:parent@x", thread.threadKey());
    }

    @Test
    void identifiersWithoutBracketsAndFoldedHeadersAreUnderstood() {
        assertEquals(List.of("a@x", "b@x"), EmailThreading.messageIds("a@x b@x"));
        assertEquals(List.of("a@x", "b@x"), EmailThreading.messageIds("<a@x>,\r\n\t<b@x>"));
        assertEquals(List.of(), EmailThreading.messageIds("<>"));
        assertEquals(List.of(), EmailThreading.messageIds("   "));
    }

    @Test
    void aMessageNeverRepliesToItself() {
        var thread = EmailThreading.of("<a@x>", "<a@x>", "<a@x>");
        assertEquals(List.of(), thread.inReplyTo());
    }

    @Test
    void overlongIdentifiersAreStoredAsTheSameDigestWhereverTheyAppear() {
        String longId = "x".repeat(300) + "@example.com";
        var original = EmailThreading.of("<" + longId + ">", null, null);
        var reply = EmailThreading.of("<r@x>", "<" + longId + ">", "<" + longId + ">");
        assertTrue(original.externalId().startsWith("sha256:"));
        assertEquals(List.of(original.externalId()), reply.inReplyTo());
        assertTrue(reply.threadKey().length() <= 255);
    }
}
