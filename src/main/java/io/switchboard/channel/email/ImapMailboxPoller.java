package io.switchboard.channel.email;

import io.quarkus.scheduler.Scheduled;
import io.switchboard.channel.ChannelKind;
import io.switchboard.channel.ChannelService;
import io.switchboard.channel.ResolvedChannel;
import io.switchboard.common.net.EgressPolicy;
import io.switchboard.inbox.InboundIngestor;
import io.switchboard.inbox.InboundMessage;
import io.switchboard.inbox.IngestResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Reads the mailboxes of EMAIL channels that have IMAP settings. Unseen messages are stored, then flagged
 * \Seen; a message whose storage failed stays unseen and is read again next time. Reading never flags a message
 * by itself (peek), and storing is idempotent on the Message-ID, so two replicas polling at once, or a crash
 * between storing and flagging, store nothing twice.
 */
@ApplicationScoped
public class ImapMailboxPoller {

    private static final Logger LOG = Logger.getLogger(ImapMailboxPoller.class);
    /** Per mailbox and poll: a large backlog is worked through over several polls. */
    static final int MAX_MESSAGES_PER_POLL = 100;

    private static final String TIMEOUT_MILLIS = "20000";

    private final ChannelService channels;
    private final InboundIngestor ingestor;
    private final EgressPolicy egress;
    private final Clock clock;

    public ImapMailboxPoller(ChannelService channels, InboundIngestor ingestor, EgressPolicy egress, Clock clock) {
        this.channels = channels;
        this.ingestor = ingestor;
        this.egress = egress;
        this.clock = clock;
    }

    @Scheduled(
            identity = "imap-mailbox-poll",
            executeWith = Scheduled.QUARTZ,
            every = "${switchboard.imap.poll-every}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pollAll() {
        for (ResolvedChannel channel : channels.enabledOfKind(ChannelKind.EMAIL)) {
            Optional<ImapMailbox> mailbox = ImapMailbox.of(channel);
            if (mailbox.isEmpty()) {
                continue;
            }
            try {
                poll(channel, mailbox.get());
            } catch (MessagingException | RuntimeException e) {
                // One unreachable mailbox must not keep the others from being read.
                LOG.warnf("Polling the mailbox %s of channel %s failed: %s", mailbox.get(), channel.id(), e);
            }
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
            throw new MessagingException("The IMAP host name does not resolve");
        }
        Session session = Session.getInstance(properties(mailbox));
        try (Store store = session.getStore(mailbox.protocol())) {
            store.connect(mailbox.host(), mailbox.port(), mailbox.username(), mailbox.password());
            Folder folder = store.getFolder(mailbox.folder());
            folder.open(Folder.READ_WRITE);
            try {
                return read(channel, folder);
            } finally {
                folder.close(false);
            }
        }
    }

    private int read(ResolvedChannel channel, Folder folder) throws MessagingException {
        Message[] unseen = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
        Message[] batch = Arrays.copyOf(unseen, Math.min(unseen.length, MAX_MESSAGES_PER_POLL));
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.ENVELOPE);
        profile.add(UIDFolder.FetchProfileItem.UID);
        folder.fetch(batch, profile);
        long uidValidity = folder instanceof UIDFolder uids ? uids.getUIDValidity() : 0;
        Instant now = clock.instant();

        // Handed over all at once, so that the ingestor stores them in few transactions.
        List<Message> submitted = new ArrayList<>();
        List<CompletableFuture<IngestResult>> results = new ArrayList<>();
        for (Message message : batch) {
            String fallbackId = "imap." + uidValidity + "." + uid(folder, message) + "@" + channel.id();
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

    private static Properties properties(ImapMailbox mailbox) {
        Properties properties = new Properties();
        String prefix = "mail." + mailbox.protocol() + ".";
        properties.put(prefix + "connectiontimeout", TIMEOUT_MILLIS);
        properties.put(prefix + "timeout", TIMEOUT_MILLIS);
        // Reading a message must not flag it \Seen: only storing it does.
        properties.put(prefix + "peek", "true");
        if (mailbox.ssl()) {
            properties.put(prefix + "ssl.checkserveridentity", "true");
        }
        return properties;
    }
}
