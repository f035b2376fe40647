package io.switchboard.delivery;

import io.switchboard.channel.outbound.OutboundPost;
import java.util.Optional;

/**
 * What the outbox needs to know of the publications it carries (posts and broadcasts), told by the scheduling
 * package, which owns them: the outbox depends on this interface, not on scheduling.
 */
public interface PublicationOutbox {

    /**
     * The post one publication delivery sends: its item's text, subject and media, and for a broadcast the
     * recipient's address as the delivery holds it. Items never change once written; read (in the caller's
     * transaction, or one of its own) as the delivery's tenant. Empty when the item is gone.
     */
    Optional<OutboundPost> post(String deliveryId, String publicationItemId, String recipientAddress);
}
