package io.switchboard.inbox.live;

/**
 * What a resumable stream sends, in the order of the log: each carries the position a client resumes after
 * ({@code Last-Event-ID}).
 */
public sealed interface StreamItem {

    long position();

    /** An event of the tenant's log. */
    record Logged(LoggedEvent event) implements StreamItem {
        @Override
        public long position() {
            return event.seq();
        }
    }

    /** Where the stream stands once it has sent what the client missed, if anything: no event, a position only. */
    record Position(long position) implements StreamItem {}

    /**
     * The client's position cannot be resumed from ({@code reason}: {@code expired}, past the retention; {@code
     * too-many}, more missed events than one resumption sends; {@code unknown}, not a position of this log): it must
     * reload what it shows. The stream goes on from {@code position}.
     */
    record Resync(long position, String reason) implements StreamItem {}
}
