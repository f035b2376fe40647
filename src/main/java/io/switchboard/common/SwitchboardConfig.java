package io.switchboard.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "switchboard")
public interface SwitchboardConfig {

    /** Public URL of the service as providers call it; webhook URLs and signatures are built on it. */
    String publicBaseUrl();

    /**
     * Base64 of 32 random bytes: encrypts channel credentials at rest (and decrypts what it encrypted). The dev and
     * test profiles have a built-in key; every other profile must be given one.
     */
    String secretsKey();

    /**
     * Earlier values of {@link #secretsKey}, base64, still read after a rotation: credentials they sealed stay
     * readable, and are sealed with the current key whenever they are written again.
     */
    java.util.Optional<java.util.List<String>> secretsPreviousKeys();

    /**
     * Whether each replica, once started, seals again every stored secret that is not sealed with
     * {@link #secretsKey} (after a rotation), in batches, across all tenants; idempotent, and safe beside other
     * replicas doing the same and beside tenants changing their channels. The log says how many were re-sealed and
     * whether a previous key is still needed.
     */
    @WithDefault("true")
    boolean secretsResealAtStart();

    /** Secrets one re-sealing transaction reads and writes. */
    @WithDefault("200")
    int secretsResealBatch();

    Ingest ingest();

    Imap imap();

    Egress egress();

    /** Destinations tenants supply (reply URLs, IMAP servers); see {@code EgressPolicy}. */
    interface Egress {
        /**
         * CIDRs ({@code 10.20.0.0/16}, {@code fd00:1::/64}) and host names that tenants' destinations may reach
         * although they are internal (on-premises installs); none by default.
         */
        java.util.Optional<java.util.List<String>> allow();
    }

    Inbox inbox();

    Providers providers();

    Workload workload();

    Publishing publishing();

    Assignment assignment();

    interface Assignment {
        /**
         * How often every replica looks for conversations waiting for auto-assignment (a duration such as
         * {@code 2s}; {@code off} disables the sweep, leaving only the triggers of this replica's own changes).
         */
        @WithDefault("2s")
        String sweepInterval();

        /** Most conversations one auto-assignment transaction assigns. */
        @WithDefault("100")
        int batch();
    }

    Presence presence();

    /**
     * Availability kept true to the console: an ONLINE operator whose live streams ({@code /api/v1/stream}) have
     * all been closed for a while is set AWAY, so auto-assignment stops giving work to someone who left.
     */
    interface Presence {
        /**
         * How long after an operator's last live stream closed, on every replica, they are set from ONLINE to AWAY
         * (give or take the refresh interval); {@code 0s} never does. Long enough for a reload or a token refresh.
         */
        @WithDefault("2m")
        Duration awayAfterDisconnect();

        /**
         * How often every replica stamps the operators it streams to as seen, and looks for those who left (a
         * duration such as {@code 30s}; {@code off} disables both). Must stay well below away-after-disconnect.
         */
        @WithDefault("30s")
        String refreshEvery();
    }

    Delivery delivery();

    /** The outbox that sends replies: every replica runs a dispatcher; they share the due deliveries. */
    interface Delivery {
        /** How often every replica looks for due deliveries (it is also woken at once when a reply is written). */
        @WithDefault("1s")
        Duration pollInterval();

        /** Most deliveries one claim (one short transaction) takes. */
        @WithDefault("50")
        int batchSize();

        /**
         * Sends one replica has in flight at once (threads that wait on a provider's answer). A replica sends at
         * most this many messages per provider round trip: 32 at 100 ms is about 300 a second (bench/RESULTS.md).
         */
        @WithDefault("32")
        int workers();

        /**
         * Of those, how many may be replies (at most {@link #workers}); the others are kept for publications, so that
         * a broadcast goes on while operators reply. A reply's send waits for its provider like any other: with 8 of
         * them and a provider answering in 100 ms, a replica sent at most about 55 replies a second and the backlog
         * grew to half a minute (bench/RESULTS.md, replies).
         */
        @WithDefault("24")
        int replyWorkers();

        /**
         * How long a claimed delivery stays with its dispatcher; after that another replica takes it over, presuming
         * the first one dead. Must be longer than one send can take (providers' connect timeout plus timeout).
         */
        @WithDefault("2m")
        Duration lease();

        /**
         * Attempts (the first included) before a transient failure becomes FAILED; see also {@link #giveUpAfter}.
         * High by default: a provider outage of hours must not fail what it would send once it is back.
         */
        @WithDefault("100")
        int maxAttempts();

        /**
         * How long after it was due a delivery that keeps failing transiently is retried; then it is FAILED.
         */
        @WithDefault("24h")
        Duration giveUpAfter();

        /** Retry delays grow from this, doubling per attempt, each drawn at random up to the doubled value. */
        @WithDefault("2s")
        Duration initialBackoff();

        /**
         * Longest retry delay (a provider's longer Retry-After is still honoured): after an outage, the backlog is
         * tried again within this.
         */
        @WithDefault("5m")
        Duration maxBackoff();

        /** How long an Idempotency-Key is remembered. */
        @WithDefault("24h")
        Duration idempotencyRetention();
    }

    /** The providers' APIs that replies and posts go out through. Base URLs without a trailing slash. */
    interface Providers {
        /** How long a connection to a provider may take to open. */
        @WithDefault("5s")
        Duration connectTimeout();

        /**
         * How long one request to a provider or integration may take in all (connect, headers and the whole body)
         * before it counts as a transient failure.
         */
        @WithDefault("15s")
        Duration timeout();

        /** The most of an answer that is read; a longer answer is a (permanent) failure. */
        @WithDefault("1M")
        io.quarkus.runtime.configuration.MemorySize maxAnswerSize();

        Provider twilio();

        Meta meta();

        Provider x();

        interface Provider {
            String baseUrl();
        }

        interface Meta extends Provider {
            /** The Graph API version in request paths, such as {@code v21.0}. */
            @WithDefault("v21.0")
            String apiVersion();
        }
    }

    interface Ingest {
        /** Writer threads that store inbound messages; each commits one batch at a time. */
        @WithDefault("4")
        int writers();

        /** Most inbound messages one transaction stores. */
        @WithDefault("64")
        int maxBatch();
    }

    Limits limits();

    /**
     * What one tenant may use: requests per minute on the API and on the public endpoints (token buckets kept in
     * memory by each replica), and SMS and email messages per UTC day (counted in the database, exact across
     * replicas). Tenant admins may set their own values up to the maxima (GET|PUT /api/v1/settings/limits).
     */
    interface Limits {
        /** Authenticated API ({@code /api/**}), per tenant of the caller's token. */
        RequestRate api();

        /** Provider webhooks ({@code /webhooks/**}) and the chat widget ({@code /public/**}), per channel's tenant. */
        RequestRate publicEndpoints();

        /** SMS messages (replies and broadcast recipients) a tenant may send per UTC day, unless it sets its own. */
        @WithDefault("10000")
        int smsPerDay();

        /** The most SMS messages per UTC day a tenant may allow itself. */
        @WithDefault("1000000")
        int smsPerDayMax();

        /** Email messages (replies and broadcast recipients) a tenant may send per UTC day, unless it sets its own. */
        @WithDefault("50000")
        int emailPerDay();

        /** The most email messages per UTC day a tenant may allow itself. */
        @WithDefault("5000000")
        int emailPerDayMax();

        /**
         * Largest JSON request body on {@code /api/**} and {@code /public/**} (by its Content-Length); larger ones
         * get 413 before they are read. Other bodies (provider webhooks, multipart email) are bounded by
         * {@code quarkus.http.limits.max-body-size}.
         */
        @WithDefault("1M")
        io.quarkus.runtime.configuration.MemorySize maxJsonBody();

        /**
         * Largest body of a provider webhook, by the path segment after {@code /webhooks/} ({@code sms},
         * {@code facebook}, {@code x}, {@code email}): the providers' documented maxima (attachments arrive as URLs,
         * except in Mailgun's multipart routes). Checked by Content-Length before a byte is read; a body sent
         * without a length is read up to this and then refused. Kinds without an entry take
         * {@link #maxWebhookBodyDefault}.
         */
        java.util.Map<String, io.quarkus.runtime.configuration.MemorySize> maxWebhookBody();

        /** Largest body of a webhook whose kind has no entry in {@link #maxWebhookBody}. */
        @WithDefault("256K")
        io.quarkus.runtime.configuration.MemorySize maxWebhookBodyDefault();

        /** Largest body on {@code /public/**} (the chat widget: a message of at most 5000 characters). */
        @WithDefault("64K")
        io.quarkus.runtime.configuration.MemorySize maxPublicBody();

        /** Requests to unknown or disabled channel keys, per client address. */
        UnknownKeys unknownKeys();

        /**
         * Each client address may ask for this many channel keys that name no enabled channel (a token bucket per
         * address, in each replica's memory); beyond, its requests to keys not known to be good get 429.
         */
        interface UnknownKeys {
            /** Misses per minute an address may keep making. */
            @WithDefault("30")
            int perMinute();

            /** Misses an address may make at once. */
            @WithDefault("60")
            int burst();

            /** Most addresses remembered at once (least recently seen are forgotten first). */
            @WithDefault("100000")
            int maxAddresses();
        }

        /**
         * Reverse proxies (CIDRs or addresses) whose {@code X-Forwarded-For} names the client; none by default: the
         * client is the connection's peer. With proxies listed, the client is the right-most address of the header
         * that is not one of them.
         */
        java.util.Optional<java.util.List<String>> trustedProxies();

        /**
         * Longest request line (method, target with its query, version); longer ones get 414 with a problem
         * document. Must stay below {@code quarkus.http.limits.max-initial-line-length}, the HTTP codec's ceiling,
         * whose refusals have no body.
         */
        @WithDefault("4096")
        int maxRequestLine();

        /**
         * Most bytes of request headers (names, values and separators); more get 431 with a problem document. Must
         * stay below {@code quarkus.http.limits.max-header-size}, the HTTP codec's ceiling.
         */
        @WithDefault("16K")
        io.quarkus.runtime.configuration.MemorySize maxHeaderSize();

        /** A token bucket per tenant: {@code burst} requests at once, refilled at {@code perMinute}. */
        interface RequestRate {
            /** Requests per minute a tenant may keep sending. */
            int perMinute();

            /** Requests a tenant may send at once, after a pause, before the per-minute rate applies. */
            int burst();

            /** The most a tenant may allow itself (per minute, and as burst). */
            int maxPerMinute();
        }
    }

    Reads reads();

    /**
     * API reads ({@code GET} on {@code /api/**}, live streams excepted) under overload: how many one replica runs at
     * once, in all and per tenant (more are answered 503 with {@code Retry-After} at once, never queued), and how
     * long one of their SQL statements may run. The replica's limit stays below the connection pool's size, so that
     * ingest, the delivery dispatcher, assignment, publishing and the reporting facts always find connections.
     */
    interface Reads {
        /** API reads one replica runs at once; must be below {@code quarkus.datasource.jdbc.max-size}. */
        @WithDefault("16")
        int maxConcurrent();

        /**
         * API reads one tenant runs at once on one replica; below {@link #maxConcurrent} so that one tenant's flood
         * leaves room for the others' requests.
         */
        @WithDefault("6")
        int maxConcurrentPerTenant();

        /**
         * The least API reads one replica admits at once while the critical work (writes, webhooks, the delivery
         * dispatcher) is slower than usual: below {@link #maxConcurrent}, the replica's limit follows that work's
         * pace; a tenant's limit is lowered in proportion, at least one below the replica's. Equal to {@link
         * #maxConcurrent}: a fixed limit (the tenants' time budget still applies while the work is slow).
         */
        @WithDefault("2")
        int minConcurrent();

        /**
         * How much slower than its usual pace (median duration) the critical work may get before reads yield: above
         * it, the read limit shrinks in proportion and each tenant's reads get a time budget (at once beyond twice
         * the tolerance, else at the limit's floor); at or below it, the budget grows and is lifted, then the limit
         * grows by one per look.
         */
        @WithDefault("1.5")
        double yieldTolerance();

        /** How far back the critical work's usual pace is taken from (looks in which no read was refused). */
        @WithDefault("10m")
        Duration paceWindow();

        /** How often the read limit is looked at again ({@code off}: never, the limit stays at its maximum). */
        @WithDefault("1s")
        String adaptEvery();

        /**
         * Searches (API reads with a {@code q} parameter: full-text) one replica runs at once, within {@link
         * #maxConcurrent}; more are answered 503 with {@code Retry-After} at once.
         */
        @WithDefault("2")
        int maxConcurrentSearches();

        /** Searches one tenant runs at once on one replica; at most {@link #maxConcurrentSearches}. */
        @WithDefault("1")
        int maxConcurrentSearchesPerTenant();

        /** Longest one SQL statement of an API read may run (MariaDB {@code max_statement_time}); then 503. */
        @WithDefault("5s")
        Duration statementTimeout();

        /** The same for reports and their CSV exports, which read far more rows. */
        @WithDefault("30s")
        Duration reportStatementTimeout();

        /**
         * Rows an inbox page filtered by one label may examine while it reads the conversations in activity order
         * and checks the label on each; past it, the page is read from the label's rows instead (a rare label).
         * 10,000 rows cover a label on 0.5% of a tenant's conversations and take a few milliseconds.
         */
        @WithDefault("10000")
        int labelScanRows();

        /**
         * Rows an inbox search may examine while it reads the conversations in activity order and checks each one's
         * messages and contact; past it, the page is read from the full-text index's matches instead (a rare word).
         * 10,000 rows cover a word in about one conversation of a hundred and take a few milliseconds; 0 reads
         * every search from the full-text index.
         */
        @WithDefault("10000")
        int searchScanRows();
    }

    Streams streams();

    /**
     * Server-sent event streams (the operators' {@code /api/v1/stream}, the chat visitors' {@code /stream}): how many
     * one replica holds open at once per tenant and per visitor (more get 429), and how long a visitor's stream lasts.
     */
    interface Streams {
        /** Operator streams of one tenant open at once on one replica. */
        @WithDefault("200")
        int maxPerTenant();

        /** Streams of one chat visitor (channel and identifier) open at once on one replica. */
        @WithDefault("3")
        int maxPerVisitor();

        /**
         * How long a visitor's stream stays open (its identifierHash does not expire, so the stream does instead);
         * the widget then connects again, proving its identifier anew. An operator's stream ends when the access
         * token it was opened with expires.
         */
        @WithDefault("1h")
        Duration visitorLifetime();

        /**
         * How far back an operator's stream resumes ({@code Last-Event-ID}): a client whose first missed event is
         * older than this gets one {@code resync} event instead of the events, and reloads its lists.
         */
        @WithDefault("15m")
        Duration resumeRetention();

        /**
         * How long the live feed waits at most at a gap in the event log's sequence (an id taken by a transaction
         * that has not committed yet) before it sends the events after it; see {@code LiveUpdates}.
         */
        @WithDefault("10s")
        Duration gapHold();
    }

    Chat chat();

    interface Chat {

        /**
         * How many messages one chat visitor (channel and identifier) may send. Enforced in memory by each
         * replica, so behind a load balancer that spreads a visitor's requests the effective limit is this times
         * the number of replicas.
         */
        RateLimit rateLimit();

        interface RateLimit {
            /** Messages per minute a visitor may keep sending. */
            @WithDefault("20")
            int perMinute();

            /** Messages a visitor may send at once, after a pause, before the per-minute rate applies. */
            @WithDefault("10")
            int burst();
        }
    }

    Email email();

    /** Sending email from a tenant's own domain. */
    interface Email {
        /**
         * Domains whose ownership the platform vouches for, so that EMAIL channels may send from them without a
         * DNS proof (on-premises installs): exact names ({@code corp.example}) or {@code *.corp.example} for every
         * subdomain. None by default: every tenant proves its domain with a TXT record.
         */
        Optional<List<String>> verifiedDomains();

        /**
         * DNS servers that answer the TXT look-ups of domain verification ({@code host} or {@code host:port}, comma
         * separated); the system's resolvers when unset.
         */
        Optional<List<String>> dnsServers();

        /** Most time one verification look-up may take. */
        @WithDefault("5s")
        Duration dnsTimeout();
    }

    interface Imap {
        /**
         * How often the mailboxes of EMAIL channels with IMAP settings are polled (a duration such as
         * {@code 60s}); {@code off} disables polling.
         */
        @WithDefault("60s")
        String pollEvery();

        /** Mailboxes polled at once by one replica; each poll is one task on a pool of this size. */
        @WithDefault("4")
        int pollers();

        /** Most time to open the connection to a mailbox's server. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Most time one IMAP command may wait for the server's answer. */
        @WithDefault("10s")
        Duration readTimeout();

        /** Most time one poll of one mailbox may take in all; then its connection is cut and it counts as failed. */
        @WithDefault("30s")
        Duration pollBudget();

        /** Messages larger than this are not read (flagged seen and skipped, with a warning in the log). */
        @WithDefault("25M")
        io.quarkus.runtime.configuration.MemorySize maxMessageSize();

        /** A failing mailbox waits 1 poll interval × 2^(failures − 1) before the next try, at most this long. */
        @WithDefault("1h")
        Duration maxBackoff();
    }

    interface Inbox {
        /** How often every replica looks for snoozed conversations whose time has come. */
        @WithDefault("30s")
        String snoozeWakeInterval();

        /** Most snoozed conversations one wake-up transaction reopens. */
        @WithDefault("100")
        int snoozeWakeBatch();
    }

    interface Workload {
        /**
         * How long an operator may go without a heartbeat before their work session counts as ended (at its last
         * heartbeat); clients send one at least every 30 s while the operator works.
         */
        @WithDefault("60s")
        Duration idleTimeout();

        /**
         * How often every replica closes the sessions of operators who stopped sending heartbeats (a duration such
         * as {@code 30s}; {@code off} disables it).
         */
        @WithDefault("30s")
        String closeIdleEvery();

        /**
         * How often the reporting facts (response, resolution and handling times) are computed from the
         * conversations' history ({@code off} disables it). One replica at a time does it.
         */
        @WithDefault("15s")
        String factsEvery();

        /**
         * How far behind its watermark the reporting-facts processor looks again each time: history written by a
         * transaction that committed this much later than it was stamped is still measured.
         */
        @WithDefault("60s")
        Duration factsSafetyMargin();
    }

    /** One-to-many publishing: scheduled posts on pages and accounts, broadcasts to contacts. */
    interface Publishing {
        /**
         * Most SMS segments one broadcast message may take (GSM-7: 160 characters alone, 153 per part; UCS-2: 70
         * alone, 67 per part). Every segment is billed per recipient, so a broadcast is refused above this.
         */
        @WithDefault("10")
        int smsMaxSegments();

        /**
         * How late an occurrence may still go out: a trigger that fires later than this after the post's time
         * (every replica was down) marks the occurrence MISSED and tells its author instead.
         */
        @WithDefault("15m")
        Duration misfireGrace();

        /** How often every replica ends publications whose deliveries are all done. */
        @WithDefault("1s")
        String finishEvery();

        /** From address of the emails that tell authors their post was missed. */
        @WithDefault("Switchboard <no-reply@switchboard.invalid>")
        String noticesFrom();
    }

    Engagement engagement();

    /** The return side: metrics of published posts, fetched from the providers on a decaying schedule. */
    interface Engagement {
        /**
         * How often the metrics job looks for due fetches (a clustered Quartz job: one replica at a time; a duration
         * such as {@code 5m}, or {@code off}).
         */
        @WithDefault("5m")
        String collectEvery();

        /** Resources one tenant may read from X per UTC month (X bills each), unless its admin sets its own. */
        @WithDefault("1500")
        int xMonthlyReads();

        /**
         * How long one metrics request may take (a hundred X posts' metrics is a larger answer than a send, and
         * nobody waits for it); longer counts as a transient failure.
         */
        @WithDefault("30s")
        Duration readTimeout();

        /** The most X reads per month a tenant's admin may allow. */
        @WithDefault("1000000")
        int xMonthlyReadsMax();

        /** Retry delays of a failed fetch grow from this, doubling per failure in a row, drawn at random up to it. */
        @WithDefault("5m")
        Duration initialBackoff();

        /** Longest retry delay of a failed fetch (a provider's longer wait is still honoured). */
        @WithDefault("6h")
        Duration maxBackoff();

        /**
         * How long after its last scheduled fetch (30 days after publication) a post whose fetches keep failing is
         * still tried; then its metrics are no longer followed.
         */
        @WithDefault("336h")
        Duration giveUpAfter();
    }
}
