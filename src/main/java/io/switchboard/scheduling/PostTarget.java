package io.switchboard.scheduling;

import io.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A page or account a post goes to, with its own text where it has one. */
@Entity
@Table(name = "post_target")
public class PostTarget extends TenantOwnedEntity {

    @Id
    public String id;

    @Column(name = "post_id", nullable = false, updatable = false)
    public String postId;

    @Column(nullable = false)
    public int position;

    @Column(name = "channel_id", nullable = false)
    public String channelId;

    public String text;
}
