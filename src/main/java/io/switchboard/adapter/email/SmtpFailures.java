package io.switchboard.adapter.email;

import io.switchboard.channel.outbound.SendOutcome;
import io.vertx.ext.mail.SMTPException;
import java.util.concurrent.TimeoutException;

/**
 * What a failed SMTP send means for the delivery: a 5xx reply refuses the message for good (unknown recipient,
 * message rejected), a 4xx reply asks to try later (greylisting, a full mailbox, a busy server), and anything
 * that is not the server's answer (no connection, no answer in time) may pass.
 */
final class SmtpFailures {

    private SmtpFailures() {}

    static SendOutcome outcome(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SMTPException smtp) {
                String error = "SMTP " + smtp.getReplyCode() + ": " + describe(smtp);
                return smtp.getReplyCode() >= 500 && smtp.getReplyCode() < 600
                        ? new SendOutcome.Permanent(error)
                        : new SendOutcome.Transient(error, null);
            }
            if (t instanceof TimeoutException || t instanceof io.smallrye.mutiny.TimeoutException) {
                return new SendOutcome.Transient("The mail server did not answer in time", null);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return new SendOutcome.Transient("Could not hand the email to the mail server: " + describe(failure), null);
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        if (root instanceof SMTPException smtp && smtp.getReplyMessage() != null) {
            return smtp.getReplyMessage().strip();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
