package io.switchboard.adapter.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.switchboard.channel.outbound.SendOutcome;
import io.vertx.ext.mail.SMTPException;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** SMTP failures as delivery outcomes, wrapped as the blocking mailer throws them. */
class SmtpFailuresTest {

    @Test
    void aPermanentReplyFailsTheDelivery() {
        var smtp = new SMTPException("sending failed", 550, List.of("550 5.1.1 <x@y.example>: no such user"), true);
        var outcome =
                assertInstanceOf(SendOutcome.Permanent.class, SmtpFailures.outcome(new CompletionException(smtp)));
        assertEquals("SMTP 550: 550 5.1.1 <x@y.example>: no such user", outcome.error());
    }

    @Test
    void aTemporaryReplyIsRetried() {
        var smtp = new SMTPException("sending failed", 451, List.of("451 4.7.1 greylisted, try again later"), true);
        var outcome =
                assertInstanceOf(SendOutcome.Transient.class, SmtpFailures.outcome(new CompletionException(smtp)));
        assertEquals("SMTP 451: 451 4.7.1 greylisted, try again later", outcome.error());
    }

    @Test
    void noConnectionOrNoAnswerIsRetried() {
        assertInstanceOf(
                SendOutcome.Transient.class,
                SmtpFailures.outcome(new CompletionException(new ConnectException("Connection refused"))));
        assertInstanceOf(SendOutcome.Transient.class, SmtpFailures.outcome(new io.smallrye.mutiny.TimeoutException()));
    }
}
