package io.switchboard.scheduling;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.channel.outbound.OutboundPost;
import io.switchboard.common.db.NativeRows;
import io.switchboard.delivery.PublicationOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.Optional;

/**
 * Tells the outbox what a publication delivery sends: its item (text, subject, media as they were when the post
 * fired) and, for a broadcast, the recipient's address. Items never change once written, so they are cached: a
 * broadcast to thousands reads its item once per replica.
 */
@ApplicationScoped
class PublicationContent implements PublicationOutbox {

    private record Item(String postId, String text, String subject, String media) {}

    private record Delivery(String publicationItemId, String recipientAddress) {}

    private final EntityManager em;
    private final Cache<String, Item> items = Caffeine.newBuilder()
            .maximumSize(1000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();

    PublicationContent(EntityManager em) {
        this.em = em;
    }

    @Override
    public Optional<OutboundPost> post(String deliveryId) {
        Optional<Delivery> delivery = NativeRows.first(
                em.createNativeQuery("SELECT publication_item_id, recipient_address FROM delivery WHERE id = ?1")
                        .setParameter(1, deliveryId),
                Delivery.class);
        if (delivery.isEmpty() || delivery.get().publicationItemId() == null) {
            return Optional.empty();
        }
        String itemId = delivery.get().publicationItemId();
        Item item = items.getIfPresent(itemId);
        if (item == null) {
            Optional<Item> found = NativeRows.first(
                    em.createNativeQuery("SELECT p.post_id, i.text, i.subject, i.media FROM publication_item i"
                                    + " JOIN publication p ON p.id = i.publication_id WHERE i.id = ?1")
                            .setParameter(1, itemId),
                    Item.class);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            item = found.get();
            items.put(itemId, item);
        }
        return Optional.of(new OutboundPost(
                deliveryId,
                item.postId(),
                item.text(),
                item.subject(),
                PostMedia.read(item.media()),
                delivery.get().recipientAddress(),
                null));
    }
}
