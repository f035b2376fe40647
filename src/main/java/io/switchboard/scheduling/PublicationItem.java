package io.switchboard.scheduling;

import io.switchboard.channel.outbound.PostPublisher;
import io.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** What one publication sends through one channel, as it was when it fired. */
@Entity
@Table(name = "publication_item")
public class PublicationItem extends TenantOwnedEntity {

    @Id
    public String id;

    @Column(name = "publication_id", nullable = false, updatable = false)
    public String publicationId;

    @Column(nullable = false, updatable = false)
    public int position;

    @Column(name = "channel_id", nullable = false, updatable = false)
    public String channelId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public PostPublisher.Mode mode;

    @Column(updatable = false)
    public String text;

    @Column(updatable = false)
    public String subject;

    @Column(updatable = false)
    public String media;

    @Column(name = "audience_label", updatable = false)
    public String audienceLabel;

    /** The A/B variant this item carries (0 = A); null for a post without variants. */
    @Column(updatable = false)
    public Integer variant;
}
