package io.switchboard.scheduling;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Tells a post's author that an occurrence was MISSED: the post shows it (status, publications) and the author
 * gets an email at the address of their operator profile, sent once the firing committed.
 */
@ApplicationScoped
class MissedPostNotices {

    private static final Logger LOG = Logger.getLogger(MissedPostNotices.class);
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

    void onMissed(@Observes(during = TransactionPhase.AFTER_SUCCESS) PostMissed missed) {
        try {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT o.email, o.name, p.time_zone, LEFT(p.text, 200)"
                            + " FROM post p JOIN operator o ON o.id = p.author_id WHERE p.id = ?1 AND p.tenant_id = ?2")
                    .setParameter(1, missed.postId())
                    .setParameter(2, missed.tenantId())
                    .getResultList();
            if (rows.isEmpty() || rows.get(0)[0] == null) {
                LOG.infof("Post %s was missed; its author has no email address to tell", missed.postId());
                return;
            }
            Object[] row = rows.get(0);
            ZoneId zone = ZoneId.of((String) row[2]);
            String when = WHEN.format(missed.occurrence().atZone(zone));
            String text = "Hello " + (row[1] == null ? "" : row[1]) + ",\n\n"
                    + "your post planned for " + when + " could not go out in time and was not published"
                    + " (the service could only fire it at "
                    + WHEN.format(missed.firedAt().atZone(zone))
                    + ", past the grace period of "
                    + config.publishing().misfireGrace().toMinutes() + " minutes).\n\n"
                    + "Post " + missed.postId() + ": " + (row[3] == null ? "" : row[3]) + "\n\n"
                    + "Reschedule it if it should still go out.\n";
            mailer.send(Mail.withText((String) row[0], "Your post planned for " + when + " was missed", text)
                    .setFrom(config.publishing().noticesFrom()));
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not tell the author of post %s that it was missed", missed.postId());
        }
    }
}
