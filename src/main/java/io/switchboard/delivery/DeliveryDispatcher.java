package io.switchboard.delivery;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.common.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * This replica's share of sending: one thread claims due deliveries (every poll interval, and at once when a
 * reply is queued here) as long as sender slots are free, and a bounded pool sends them. Every replica runs one;
 * {@link DeliveryAttempts} keeps them from sending a delivery twice.
 *
 * <p>Replies are claimed only for free slots, so each goes out at once, and publications leave one slot to them,
 * so a reply queued during a broadcast overtakes it without waiting for a broadcast's send to end. A
 * publication's deliveries (a broadcast's thousands) are claimed a batch ahead and handed to senders as slots free
 * up, so that claiming costs one transaction per batch rather than one per send; one that waited so long that its
 * lease could end during its send is given back instead of sent.
 */
@ApplicationScoped
public class DeliveryDispatcher {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

    private final DeliveryAttempts attempts;
    private final Clock clock;
    private final Duration pollInterval;
    private final int batchSize;
    private final int workers;
    private final Semaphore wakeUp = new Semaphore(0);
    private final Semaphore slots;
    /** The slots replies may take ({@code switchboard.delivery.reply-workers}); only the dispatcher takes them. */
    private final Semaphore replySlots;
    /** Sender slots publications never take, so that a reply queued during a broadcast goes out at once. */
    private final int keptForReplies;

    private final SwitchboardConfig config;
    /** Publication deliveries claimed ahead, not yet handed to a sender; the dispatcher thread's own. */
    private final ArrayDeque<DeliveryAttempts.Claim> claimedAhead = new ArrayDeque<>();
    /**
     * Whether a reply may be due: set when one is queued here and after a full claim of them; besides, replies are
     * looked for at least every poll interval (queued on another replica, or scheduled and due now).
     */
    private volatile boolean repliesMayBeDue = true;
    /** When replies were last looked for ({@link System#nanoTime}); the dispatcher thread's own. */
    private long repliesLookedFor;
    /**
     * The same for publications' deliveries: set when a publication is fanned out here, after a full claim of them
     * and when claimed ones are given back; besides, looked for at least every poll interval. Not on every wake-up:
     * with senders to spare, each reply queued and each send ended would otherwise cost a claim.
     */
    private volatile boolean publicationsMayBeDue = true;

    private long publicationsLookedFor;

    private volatile boolean running;
    private volatile boolean paused;
    private ExecutorService pool;
    private Thread loop;

    public DeliveryDispatcher(DeliveryAttempts attempts, Clock clock, SwitchboardConfig config) {
        this.attempts = attempts;
        this.clock = clock;
        this.config = config;
        this.pollInterval = config.delivery().pollInterval();
        this.batchSize = config.delivery().batchSize();
        this.workers = config.delivery().workers();
        this.slots = new Semaphore(Math.max(1, workers));
        this.replySlots =
                new Semaphore(Math.max(1, Math.min(workers, config.delivery().replyWorkers())));
        this.keptForReplies = workers > 1 ? 1 : 0;
    }

    void start(@Observes StartupEvent event) {
        Duration longestSend =
                config.providers().connectTimeout().plus(config.providers().timeout());
        if (config.delivery().lease().compareTo(longestSend) <= 0) {
            // A lease shorter than a send would let a second replica send a reply the first is still sending.
            throw new IllegalStateException(
                    "switchboard.delivery.lease (" + config.delivery().lease()
                            + ") must be longer than a provider call can take (" + longestSend + ")");
        }
        if (workers < 1
                || config.delivery().replyWorkers() < 1
                || batchSize < 1
                || config.delivery().maxAttempts() < 1) {
            throw new IllegalStateException(
                    "switchboard.delivery.workers, reply-workers, batch-size and max-attempts must be at least 1");
        }
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(
                workers,
                task -> Thread.ofPlatform()
                        .daemon()
                        .name("delivery-sender-" + n.incrementAndGet())
                        .unstarted(task));
        running = true;
        loop = Thread.ofPlatform().daemon().name("delivery-dispatcher").start(this::run);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        wake();
        if (pool == null) {
            return;
        }
        try {
            loop.join(SHUTDOWN_GRACE.toMillis());
            pool.shutdown();
            // Sends in flight finish and record; anything left is taken over by another replica after its lease.
            if (!pool.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Deliveries still sending at shutdown; other replicas take them over when their lease ends");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Heard after the transaction that queued a delivery committed: look now rather than at the next poll. */
    void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeliveryQueued queued) {
        if (queued.publication()) {
            publicationsMayBeDue = true;
        } else {
            repliesMayBeDue = true;
        }
        wake();
    }

    /** Stops claiming (sends in flight finish); for maintenance, and for tests that drive the steps themselves. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        // What was claimed ahead went back while paused; and anything may have been queued meanwhile.
        repliesMayBeDue = true;
        publicationsMayBeDue = true;
        wake();
    }

    private void wake() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    private void run() {
        while (running) {
            boolean busy = false;
            if (paused) {
                giveBackClaimedAhead();
            } else {
                try {
                    busy = dispatch();
                } catch (RuntimeException e) {
                    LOG.warn("Claiming due deliveries failed; trying again at the next poll", e);
                }
            }
            if (!busy) {
                try {
                    wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        giveBackClaimedAhead();
    }

    /** Publication deliveries claimed ahead go back to the outbox, due at once for any replica. */
    private void giveBackClaimedAhead() {
        if (claimedAhead.isEmpty()) {
            return;
        }
        try {
            attempts.release(List.copyOf(claimedAhead));
        } catch (RuntimeException e) {
            LOG.warnf(
                    e,
                    "Could not give back %d deliveries; they are due again when their lease ends",
                    claimedAhead.size());
        }
        claimedAhead.clear();
    }

    /**
     * Claims due replies for the free slots replies may take (at most a batch) when they may be due and, when too
     * few are left from the last batch and they may be due, a batch of publication deliveries; hands replies to the
     * pool first, then what was claimed ahead. Returns true when it filled what it asked for: more may be due, so it
     * looks again without waiting.
     */
    private boolean dispatch() {
        int free = slots.availablePermits();
        if (free == 0) {
            return false; // every sender is busy; a finishing one wakes the loop
        }
        long now = System.nanoTime();
        // With every reply slot taken, replies wait (their flag stays set) until a reply's send ends and wakes us.
        int replyRoom = Math.min(free, replySlots.availablePermits());
        boolean lookForReplies = replyRoom > 0 && (repliesMayBeDue || now - repliesLookedFor >= pollInterval.toNanos());
        int replies = lookForReplies ? Math.min(batchSize, replyRoom) : 0;
        boolean lookForPublications = publicationsMayBeDue || now - publicationsLookedFor >= pollInterval.toNanos();
        int publications = !lookForPublications || claimedAhead.size() >= free - keptForReplies
                ? 0
                : batchSize - claimedAhead.size();
        if (lookForReplies) {
            repliesMayBeDue = false;
            repliesLookedFor = now;
        }
        if (publications > 0) {
            publicationsMayBeDue = false;
            publicationsLookedFor = now;
        }
        List<DeliveryAttempts.Claim> claimed =
                replies + publications == 0 ? List.of() : attempts.claim(replies, publications, clock.instant());
        int claimedReplies = 0;
        for (DeliveryAttempts.Claim claim : claimed) {
            if (claim.publication()) {
                claimedAhead.add(claim);
            } else {
                claimedReplies++;
                send(claim);
            }
        }
        if (claimedReplies == replies && replies > 0) {
            repliesMayBeDue = true;
        }
        boolean publicationsFull = publications > 0 && claimed.size() - claimedReplies == publications;
        if (publicationsFull) {
            publicationsMayBeDue = true;
        }
        List<DeliveryAttempts.Claim> expired = new ArrayList<>();
        while (!claimedAhead.isEmpty() && slots.availablePermits() > keptForReplies) {
            DeliveryAttempts.Claim claim = claimedAhead.poll();
            if (attempts.leaseLastsASend(claim)) {
                send(claim);
            } else {
                expired.add(claim);
            }
        }
        if (!expired.isEmpty()) {
            LOG.infof("%d deliveries waited too long for a sender; giving them back", expired.size());
            attempts.release(expired);
            publicationsMayBeDue = true;
        }
        return (lookForReplies && repliesMayBeDue) || publicationsFull;
    }

    private void send(DeliveryAttempts.Claim claim) {
        boolean reply = !claim.publication();
        slots.acquireUninterruptibly();
        if (reply) {
            replySlots.acquireUninterruptibly();
        }
        pool.execute(() -> {
            try {
                attempts.process(claim);
            } catch (RuntimeException e) {
                LOG.errorf(
                        e,
                        "Delivery %s could not be processed; it is sent again when its lease expires",
                        claim.deliveryId());
            } finally {
                if (reply) {
                    replySlots.release();
                }
                slots.release();
                wake();
            }
        });
    }
}
