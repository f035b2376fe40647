package io.switchboard.scheduling;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.channel.outbound.OutboundPost;
import io.switchboard.common.db.NativeRows;
import io.switchboard.delivery.PublicationOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.Optional;

/**
 * Tells the outbox what a publication delivery sends: its item (text, subject, media as they were when the post
 * fired) and, for a broadcast, the recipient's address the claim read. Items never change once written, so they
 * are cached: a broadcast to thousands reads its item once per replica.
 */
@ApplicationScoped
class PublicationContent implements PublicationOutbox {

    private record Item(String postId, String text, String subject, String media) {}

    private final EntityManager em;
    private final Cache<String, Item> items = Caffeine.newBuilder()
            .maximumSize(1000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();

    PublicationContent(EntityManager em) {
        this.em = em;
    }

    @Override
    public Optional<OutboundPost> post(String deliveryId, String publicationItemId, String recipientAddress) {
        if (publicationItemId == null) {
            return Optional.empty();
        }
        Item item = items.getIfPresent(publicationItemId);
        if (item == null) {
            Optional<Item> found = QuarkusTransaction.joiningExisting()
                    .call(() -> NativeRows.first(
                            em.createNativeQuery("SELECT p.post_id, i.text, i.subject, i.media FROM publication_item i"
                                            + " JOIN publication p ON p.id = i.publication_id WHERE i.id = ?1")
                                    .setParameter(1, publicationItemId),
                            Item.class));
            if (found.isEmpty()) {
                return Optional.empty();
            }
            item = found.get();
            items.put(publicationItemId, item);
        }
        return Optional.of(new OutboundPost(
                deliveryId,
                item.postId(),
                item.text(),
                item.subject(),
                PostMedia.read(item.media()),
                recipientAddress,
                null));
    }
}
