package io.switchboard.adapter.email;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ChannelService;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.common.net.EgressPolicy;
import io.switchboard.inbox.InboundIngestor;
import io.switchboard.inbox.InboundMessage;
import io.switchboard.inbox.IngestResult;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Reads the mailboxes of EMAIL channels that have IMAP settings. Unseen messages are stored, then flagged
 * \Seen; a message whose storage failed stays unseen and is read again next time. Reading never flags a message
 * by itself (peek), and storing is idempotent on the Message-ID, so two replicas polling at once, or a crash
 * between storing and flagging, store nothing twice.
 *
 * <p>Mailboxes are tenants' servers, so none may hold up the others: each poll is a task of its own on a small
 * pool, with connect and read timeouts and a total budget after which its connection is cut; messages over a size
 * cap are not read; a mailbox that fails waits longer and longer before its next poll ({@link ImapPollStates}).
 */
@ApplicationScoped
public class ImapMailboxPoller {

    private static final Logger LOG = Logger.getLogger(ImapMailboxPoller.class);
    /** Per mailbox and poll: a large backlog is worked through over several polls. */
    static final int MAX_MESSAGES_PER_POLL = 100;

    private final ChannelService channels;
    private final InboundIngestor ingestor;
    private final ImapPollStates states;
    private final EgressPolicy egress;
    private final Clock clock;
    private final SwitchboardConfig.Imap config;
    private final Duration interval;
    private final ExecutorService pollers;
    private final ScheduledExecutorService watchdog;

    public ImapMailboxPoller(
            ChannelService channels,
            InboundIngestor ingestor,
            ImapPollStates states,
            EgressPolicy egress,
            Clock clock,
            SwitchboardConfig config) {
        this.channels = channels;
        this.ingestor = ingestor;
        this.states = states;
        this.egress = egress;
        this.clock = clock;
        this.config = config.imap();
        this.interval = "off".equals(this.config.pollEvery())
                ? Duration.ofMinutes(1)
                : DurationConverter.parseDuration(this.config.pollEvery());
        this.pollers = Executors.newFixedThreadPool(
                Math.max(1, this.config.pollers()),
                Thread.ofPlatform().name("imap-poller-", 1).daemon().factory());
        this.watchdog = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("imap-poll-watchdog").daemon().factory());
    }

    @PreDestroy
    void stop() {
        watchdog.shutdownNow();
        pollers.shutdownNow();
    }

    @Scheduled(
            identity = "imap-mailbox-poll",
            executeWith = Scheduled.QUARTZ,
            every = "${switchboard.imap.poll-every}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pollAll() {
        Instant now = clock.instant();
        Map<String, ImapPollStates.State> known = states.all();
        List<Map.Entry<ResolvedChannel, Future<Integer>>> polls = new ArrayList<>();
        for (ResolvedChannel channel : channels.enabledOfKind(ChannelKind.EMAIL)) {
            Optional<ImapMailbox> mailbox = ImapMailbox.of(channel);
            ImapPollStates.State state = known.get(channel.id());
            if (mailbox.isEmpty()
                    || (state != null
                            && state.nextPollAt() != null
                            && state.nextPollAt().isAfter(now))) {
                continue; // no mailbox, or one that failed and waits
            }
            polls.add(Map.entry(channel, pollers.submit(() -> pollAndRecord(channel, mailbox.get()))));
        }
        for (var poll : polls) {
            try {
                poll.getValue().get();
            } catch (ExecutionException e) {
                LOG.warnf(
                        "Polling the mailbox of channel %s failed: %s",
                        poll.getKey().id(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One mailbox's poll on a pool thread, its outcome recorded (one failing mailbox never stops the others). */
    private int pollAndRecord(ResolvedChannel channel, ImapMailbox mailbox) {
        try {
            int stored = poll(channel, mailbox);
            states.succeeded(channel.tenantId(), channel.id(), clock.instant());
            return stored;
        } catch (MessagingException | RuntimeException e) {
            String error = describe(e);
            LOG.infof("Polling the mailbox %s of channel %s failed: %s (%s)", mailbox, channel.id(), error, e);
            states.failed(channel.tenantId(), channel.id(), clock.instant(), error, interval, config.maxBackoff());
            return 0;
        }
    }

    /** What went wrong, in a few words of ours: never a tenant's server's own text. */
    static String describe(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EgressPolicy.DestinationRefused) {
                return "The mailbox's host is, or resolves to, an address the service may not reach";
            }
            if (t instanceof AuthenticationFailedException) {
                return "The mailbox's server refused the login";
            }
            if (t instanceof SocketTimeoutException || t instanceof PollBudgetExceeded) {
                return "The mailbox's server did not answer in time";
            }
            if (t instanceof UnknownHostException) {
                return "The mailbox's host name does not resolve";
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return "Could not connect to the mailbox's server";
            }
            if (t instanceof FolderNotFoundException) {
                return "The mailbox has no such folder";
            }
        }
        return "Reading the mailbox failed";
    }

    /** The poll ran over its budget and its connection was cut. */
    static final class PollBudgetExceeded extends RuntimeException {
        PollBudgetExceeded(Throwable cause) {
            super("The poll ran over its budget", cause);
        }
    }

    /** Stores the unseen messages of the channel's mailbox; returns how many were newly stored. */
    public int poll(ResolvedChannel channel) throws MessagingException {
        return poll(
                channel,
                ImapMailbox.of(channel)
                        .orElseThrow(() -> new IllegalArgumentException("Channel " + channel.id() + " has no IMAP")));
    }

    private int poll(ResolvedChannel channel, ImapMailbox mailbox) throws MessagingException {
        // The tenant named this server: it must not be in the platform's networks, whatever the name resolves to now.
        try {
            egress.checkBeforeConnecting(mailbox.host());
        } catch (java.net.UnknownHostException e) {
            throw new MessagingException("The IMAP host name does not resolve", e);
        }
        MailboxSockets sockets = new MailboxSockets();
        AtomicBoolean cut = new AtomicBoolean();
        ScheduledFuture<?> deadline = watchdog.schedule(
                () -> {
                    cut.set(true);
                    sockets.cut();
                },
                config.pollBudget().toMillis(),
                TimeUnit.MILLISECONDS);
        Session session = Session.getInstance(properties(mailbox, sockets));
        try (Store store = session.getStore(mailbox.protocol())) {
            store.connect(mailbox.host(), mailbox.port(), mailbox.username(), mailbox.password());
            Folder folder = store.getFolder(mailbox.folder());
            folder.open(Folder.READ_WRITE);
            try {
                return read(channel, folder, cut);
            } finally {
                if (folder.isOpen()) {
                    folder.close(false);
                }
            }
        } catch (MessagingException | RuntimeException e) {
            if (cut.get()) {
                throw new PollBudgetExceeded(e);
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    private int read(ResolvedChannel channel, Folder folder, AtomicBoolean cut) throws MessagingException {
        Message[] unseen = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
        Message[] batch = Arrays.copyOf(unseen, Math.min(unseen.length, MAX_MESSAGES_PER_POLL));
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.ENVELOPE);
        profile.add(FetchProfile.Item.SIZE);
        profile.add(UIDFolder.FetchProfileItem.UID);
        folder.fetch(batch, profile);
        long uidValidity = folder instanceof UIDFolder uids ? uids.getUIDValidity() : 0;
        Instant now = clock.instant();

        // Handed over all at once, so that the ingestor stores them in few transactions.
        List<Message> submitted = new ArrayList<>();
        List<CompletableFuture<IngestResult>> results = new ArrayList<>();
        long maxSize = config.maxMessageSize().asLongValue();
        for (Message message : batch) {
            if (cut.get()) {
                throw new PollBudgetExceeded(null);
            }
            String fallbackId = "imap." + uidValidity + "." + uid(folder, message) + "@" + channel.id();
            if (message.getSize() > maxSize) {
                LOG.warnf(
                        "Message %s of channel %s has %d bytes, more than %d: not read, flagged seen",
                        fallbackId, channel.id(), message.getSize(), maxSize);
                message.setFlag(Flags.Flag.SEEN, true);
                continue;
            }
            Optional<InboundMessage> inbound;
            try {
                inbound = ImapMessageReader.toInbound(channel, (MimeMessage) message, fallbackId, now);
            } catch (MessagingException | IOException | RuntimeException e) {
                LOG.warnf("Message %s of channel %s cannot be read, skipped: %s", fallbackId, channel.id(), e);
                message.setFlag(Flags.Flag.SEEN, true);
                continue;
            }
            if (inbound.isEmpty()) {
                LOG.warnf("Message %s of channel %s has no sender address, skipped", fallbackId, channel.id());
                message.setFlag(Flags.Flag.SEEN, true);
                continue;
            }
            submitted.add(message);
            results.add(ingestor.submit(inbound.get()).toCompletableFuture());
        }
        int stored = 0;
        for (int i = 0; i < submitted.size(); i++) {
            try {
                IngestResult result = results.get(i).get(1, TimeUnit.MINUTES);
                submitted.get(i).setFlag(Flags.Flag.SEEN, true);
                stored += result.duplicate() ? 0 : 1;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("A message of channel %s was not stored; it is read again next time: %s", channel.id(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (stored > 0) {
            LOG.debugf("Stored %d messages from the mailbox of channel %s", stored, channel.id());
        }
        return stored;
    }

    private static long uid(Folder folder, Message message) throws MessagingException {
        return folder instanceof UIDFolder uids ? uids.getUID(message) : message.getMessageNumber();
    }

    private Properties properties(ImapMailbox mailbox, MailboxSockets sockets) {
        Properties properties = new Properties();
        String prefix = "mail." + mailbox.protocol() + ".";
        properties.put(
                prefix + "connectiontimeout",
                Long.toString(config.connectTimeout().toMillis()));
        properties.put(prefix + "timeout", Long.toString(config.readTimeout().toMillis()));
        properties.put(
                prefix + "writetimeout", Long.toString(config.readTimeout().toMillis()));
        properties.put(prefix + "socketFactory", sockets.factory(mailbox.ssl()));
        properties.put(prefix + "socketFactory.fallback", "false");
        // Reading a message must not flag it \Seen: only storing it does.
        properties.put(prefix + "peek", "true");
        if (mailbox.ssl()) {
            properties.put(prefix + "ssl.checkserveridentity", "true");
        }
        return properties;
    }
}
