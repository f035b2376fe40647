package io.switchboard.scheduling;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Tells a post's author that an occurrence was MISSED: the post shows it (status, publications) and the author
 * gets an email at the address of their operator profile, sent once the firing committed.
 */
@ApplicationScoped
class MissedPostNotices {

    private static final Logger LOG = Logger.getLogger(MissedPostNotices.class);
    private static final int SEND_ATTEMPTS = 3;
    private static final Duration SEND_PAUSE = Duration.ofSeconds(1);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz");

    private final Event<PostMissed> events;
    private final EntityManager em;
    private final Mailer mailer;
    private final SwitchboardConfig config;

    MissedPostNotices(Event<PostMissed> events, EntityManager em, Mailer mailer, SwitchboardConfig config) {
        this.events = events;
        this.em = em;
        this.mailer = mailer;
        this.config = config;
    }

    /** Called in the firing transaction; the email goes after it commits. */
    void missed(Post post, Instant occurrence, Instant firedAt) {
        LOG.warnf("Post %s: occurrence %s MISSED (fired at %s, past the grace period)", post.id, occurrence, firedAt);
        events.fire(new PostMissed(post.tenantId, post.id, post.authorId, occurrence, firedAt));
    }

    /** The post's author as the notice needs them, with the post's time zone and the start of its text. */
    private record Author(String email, String name, ZoneId zone, String excerpt) {}

    void onMissed(@Observes(during = TransactionPhase.AFTER_SUCCESS) PostMissed missed) {
        try {
            List<?> rows = em.createNativeQuery(
                            "SELECT o.email, o.name, p.time_zone, LEFT(p.text, 200) AS excerpt FROM post p"
                                    + " JOIN operator o ON o.id = p.author_id WHERE p.id = ?1 AND p.tenant_id = ?2",
                            Tuple.class)
                    .setParameter(1, missed.postId())
                    .setParameter(2, missed.tenantId())
                    .getResultList();
            Optional<Author> author = rows.stream()
                    .map(Tuple.class::cast)
                    .map(t -> new Author(
                            t.get("email", String.class),
                            t.get("name", String.class),
                            ZoneId.of(t.get("time_zone", String.class)),
                            t.get("excerpt", String.class)))
                    .findFirst();
            if (author.isEmpty() || author.get().email() == null) {
                LOG.infof("Post %s was missed; its author has no email address to tell", missed.postId());
                return;
            }
            Author to = author.get();
            String when = WHEN.format(missed.occurrence().atZone(to.zone()));
            String text = "Hello " + (to.name() == null ? "" : to.name()) + ",\n\n"
                    + "your post planned for " + when + " could not go out in time and was not published"
                    + " (the service could only fire it at "
                    + WHEN.format(missed.firedAt().atZone(to.zone()))
                    + ", past the grace period of "
                    + config.publishing().misfireGrace().toMinutes() + " minutes).\n\n"
                    + "Post " + missed.postId() + ": " + (to.excerpt() == null ? "" : to.excerpt()) + "\n\n"
                    + "Reschedule it if it should still go out.\n";
            send(
                    mailer,
                    missed.postId(),
                    Mail.withText(to.email(), "Your post planned for " + when + " was missed", text)
                            .setFrom(config.publishing().noticesFrom()),
                    SEND_PAUSE);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not tell the author of post %s that it was missed", missed.postId());
        }
    }

    /**
     * Sends the notice, trying again after a pause when the SMTP server refused it or the connection failed (a pooled
     * connection the server had closed, a server restarting): nothing else would ever send it again.
     */
    static void send(Mailer mailer, String postId, Mail mail, Duration pause) {
        for (int attempt = 1; ; attempt++) {
            try {
                mailer.send(mail);
                return;
            } catch (RuntimeException e) {
                if (attempt == SEND_ATTEMPTS) {
                    throw e;
                }
                LOG.infof(
                        "Sending the missed notice of post %s failed (attempt %d of %d), trying again: %s",
                        postId, attempt, SEND_ATTEMPTS, e.toString());
                try {
                    Thread.sleep(pause.toMillis() * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
