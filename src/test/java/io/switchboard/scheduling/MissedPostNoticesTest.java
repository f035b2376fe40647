package io.switchboard.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The missed notice is the only message of its kind: a failed send is tried again, a few times, then given up. */
class MissedPostNoticesTest {

    private static final Mail NOTICE = Mail.withText("alice@example.test", "Your post was missed", "Hello");

    /** A mailer that refuses its first {@code failures} sends, as an SMTP server closing a pooled connection does. */
    private static final class FlakyMailer implements Mailer {
        private final int failures;
        final List<Mail> sent = new ArrayList<>();
        int attempts;

        FlakyMailer(int failures) {
            this.failures = failures;
        }

        @Override
        public void send(Mail... mails) {
            attempts++;
            if (attempts <= failures) {
                throw new IllegalStateException("connection has been closed by the server");
            }
            sent.addAll(List.of(mails));
        }
    }

    @Test
    void aSendThatFailsOnceIsTriedAgainAndGoesOut() {
        FlakyMailer mailer = new FlakyMailer(1);
        MissedPostNotices.send(mailer, "post-1", NOTICE, Duration.ofMillis(1));
        assertEquals(2, mailer.attempts);
        assertEquals(List.of(NOTICE), mailer.sent);
    }

    @Test
    void aServerThatKeepsRefusingIsGivenUpAfterThreeAttempts() {
        FlakyMailer mailer = new FlakyMailer(Integer.MAX_VALUE);
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> MissedPostNotices.send(mailer, "post-1", NOTICE, Duration.ofMillis(1)));
        assertEquals("connection has been closed by the server", e.getMessage());
        assertEquals(3, mailer.attempts);
        assertEquals(List.of(), mailer.sent);
    }
}
