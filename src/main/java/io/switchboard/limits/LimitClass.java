package io.switchboard.limits;

/** The kinds of traffic a tenant's request rate is limited on, each with a bucket of its own. */
public enum LimitClass {
    /** The authenticated API ({@code /api/**}): the tenant of the caller's token. */
    API,
    /** Provider webhooks ({@code /webhooks/**}) and the chat widget ({@code /public/**}): the channel's tenant. */
    PUBLIC_ENDPOINTS
}
