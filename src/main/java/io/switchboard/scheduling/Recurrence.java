package io.switchboard.scheduling;

import io.switchboard.common.error.InvalidRequestException;
import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * When a post goes out: its first time and, for a recurring post, the rule for the next ones, in the post's time
 * zone. The calendar and the Quartz trigger both ask this class, so what the calendar shows is what fires.
 *
 * <p>Rules work on the local wall clock of the time zone: "every day at 09:00 Europe/Berlin" is 09:00 in winter and
 * in summer. A local time that does not exist (skipped when clocks go forward) is moved forward by the length of the
 * gap (02:30 becomes 03:30); a local time that exists twice (clocks go back) fires once, at the first of the two.
 *
 * <ul>
 *   <li>{@code cron}: a Unix cron expression of five fields ({@code minute hour day-of-month month day-of-week},
 *       day-of-week 0–7 with 0 and 7 Sunday, or names such as MON-FRI) or a Quartz one of six or seven fields
 *       (with seconds, {@code ?}, {@code L}, {@code W}, {@code #}). The first occurrence is the first time the rule
 *       matches at or after {@code scheduledAt}.
 *   <li>{@code everyDays}: {@code scheduledAt}'s local time, every N days from its local date.
 * </ul>
 *
 * An optional {@code until} ends the series (inclusive).
 */
public final class Recurrence {

    /** The longest a calendar expands at once, and the most occurrences it lists. */
    static final int MAX_OCCURRENCES = 1000;

    private static final Pattern DOW_NUMBER = Pattern.compile("\\d+");
    private static final ZoneOffset WALL = ZoneOffset.UTC;

    private final Instant first;
    private final ZoneId zone;
    private final CronExpression cron;
    private final String cronText;
    private final Integer everyDays;
    private final Instant until;

    private Recurrence(
            Instant first, ZoneId zone, CronExpression cron, String cronText, Integer everyDays, Instant until) {
        this.first = first;
        this.zone = zone;
        this.cron = cron;
        this.cronText = cronText;
        this.everyDays = everyDays;
        this.until = until;
    }

    /** A post that goes out once, at {@code at}. */
    public static Recurrence once(Instant at, ZoneId zone) {
        return new Recurrence(at, zone, null, null, null, null);
    }

    /**
     * Checks and builds a rule; {@code field} prefixes the names in the 400 it throws for a bad one. At most one of
     * {@code cronText} and {@code everyDays} may be given.
     */
    public static Recurrence of(
            Instant scheduledAt, String timeZone, String cronText, Integer everyDays, Instant until, String field) {
        ZoneId zone = zone(timeZone);
        if (cronText != null && everyDays != null) {
            throw InvalidRequestException.ofField(field, "takes either cron or everyDays, not both");
        }
        if (until != null && until.isBefore(scheduledAt)) {
            throw InvalidRequestException.ofField(field + ".until", "must not be before scheduledAt");
        }
        if (everyDays != null) {
            if (everyDays < 1 || everyDays > 366) {
                throw InvalidRequestException.ofField(field + ".everyDays", "must be between 1 and 366");
            }
            return new Recurrence(scheduledAt, zone, null, null, everyDays, until);
        }
        if (cronText != null) {
            String quartz = quartzCron(cronText.strip(), field + ".cron");
            CronExpression cron;
            try {
                cron = new CronExpression(quartz);
            } catch (ParseException | RuntimeException e) {
                throw InvalidRequestException.ofField(
                        field + ".cron", "is not a valid cron expression: " + e.getMessage());
            }
            cron.setTimeZone(TimeZone.getTimeZone(WALL));
            Recurrence rule = new Recurrence(scheduledAt, zone, cron, cronText.strip(), null, until);
            if (rule.firstOccurrence().isEmpty()) {
                throw InvalidRequestException.ofField(field + ".cron", "never matches at or after scheduledAt");
            }
            return rule;
        }
        if (until != null) {
            throw InvalidRequestException.ofField(field + ".until", "needs cron or everyDays");
        }
        return once(scheduledAt, zone);
    }

    static ZoneId zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            throw InvalidRequestException.ofField("timeZone", "is required (an IANA time zone such as Europe/Berlin)");
        }
        try {
            return ZoneId.of(timeZone.strip());
        } catch (RuntimeException e) {
            throw InvalidRequestException.ofField(
                    "timeZone", "is not a known IANA time zone (such as Europe/Berlin): " + timeZone);
        }
    }

    /** Converts a five-field Unix expression to Quartz's form; six or seven fields are taken as Quartz's. */
    static String quartzCron(String text, String field) {
        String[] parts = text.split("\\s+");
        if (parts.length == 6 || parts.length == 7) {
            return text;
        }
        if (parts.length != 5) {
            throw InvalidRequestException.ofField(
                    field,
                    "must have five fields (minute hour day-of-month month day-of-week) or Quartz's six or seven");
        }
        String dom = parts[2];
        String dow = parts[4];
        boolean anyDom = dom.equals("*") || dom.equals("?");
        boolean anyDow = dow.equals("*") || dow.equals("?");
        if (!anyDom && !anyDow) {
            throw InvalidRequestException.ofField(
                    field, "cannot restrict both the day of the month and the day of the week");
        }
        if (anyDow) {
            dow = "?";
        } else {
            dom = "?";
            dow = unixDaysOfWeek(dow, field);
        }
        return "0 " + parts[0] + " " + parts[1] + " " + dom + " " + parts[3] + " " + dow;
    }

    /** Unix numbers days 0–7 from Sunday (0 and 7 both Sunday); Quartz 1–7 from Sunday. */
    private static String unixDaysOfWeek(String dow, String field) {
        Matcher m = DOW_NUMBER.matcher(dow);
        StringBuilder out = new StringBuilder();
        int previousEnd = 0;
        while (m.find()) {
            // A step (*/2, 1-5/2) counts days, not a day: left as it is.
            boolean step = m.start() > 0 && dow.charAt(m.start() - 1) == '/';
            int n = Integer.parseInt(m.group());
            if (!step && n > 7) {
                throw InvalidRequestException.ofField(field, "has a day of the week outside 0-7");
            }
            out.append(dow, previousEnd, m.start()).append(step ? n : (n % 7) + 1);
            previousEnd = m.end();
        }
        return out.append(dow.substring(previousEnd)).toString();
    }

    public boolean recurring() {
        return cron != null || everyDays != null;
    }

    public ZoneId zone() {
        return zone;
    }

    public String cron() {
        return cronText;
    }

    public Integer everyDays() {
        return everyDays;
    }

    public Instant until() {
        return until;
    }

    /** The first occurrence: {@code scheduledAt} itself, or for a cron rule its first match at or after it. */
    public Optional<Instant> firstOccurrence() {
        if (cron == null) {
            return Optional.of(first);
        }
        return cronAfter(first.minusNanos(1)).filter(this::beforeEnd);
    }

    /** The first occurrence strictly after {@code after}; empty when the series has ended. */
    public Optional<Instant> next(Instant after) {
        Optional<Instant> next;
        if (cron != null) {
            Instant justBeforeFirst = first.minusNanos(1);
            next = cronAfter(after.isAfter(justBeforeFirst) ? after : justBeforeFirst);
        } else if (everyDays != null) {
            next = everyDaysAfter(after);
        } else {
            next = first.isAfter(after) ? Optional.of(first) : Optional.empty();
        }
        return next.filter(this::beforeEnd);
    }

    /** The occurrences in {@code [from, to)}, at most {@link #MAX_OCCURRENCES}. */
    public List<Instant> occurrences(Instant from, Instant to) {
        List<Instant> out = new ArrayList<>();
        Optional<Instant> next = next(from.minusNanos(1));
        while (next.isPresent() && next.get().isBefore(to) && out.size() < MAX_OCCURRENCES) {
            out.add(next.get());
            if (!recurring()) {
                break;
            }
            next = next(next.get());
        }
        return out;
    }

    private boolean beforeEnd(Instant t) {
        return until == null || !t.isAfter(until);
    }

    private Optional<Instant> cronAfter(Instant after) {
        // The rule runs on the wall clock: local date-times are handled as if they were UTC instants, then placed in
        // the zone. Stepping from the local time of the earlier of a repeated hour never yields the later one.
        LocalDateTime local = LocalDateTime.ofInstant(after, zone);
        Instant candidate = after;
        LocalDateTime cursor = local;
        for (int guard = 0; guard < 4; guard++) {
            Date next = cron.getNextValidTimeAfter(Date.from(cursor.toInstant(WALL)));
            if (next == null) {
                return Optional.empty();
            }
            LocalDateTime nextLocal = LocalDateTime.ofInstant(next.toInstant(), WALL);
            candidate = place(nextLocal);
            if (candidate.isAfter(after)) {
                return Optional.of(candidate);
            }
            cursor = nextLocal; // a skipped hour moved it back to or before after: look further
        }
        return Optional.empty();
    }

    private Optional<Instant> everyDaysAfter(Instant after) {
        ZonedDateTime start = first.atZone(zone);
        LocalDateTime startLocal = start.toLocalDateTime();
        long days = java.time.temporal.ChronoUnit.DAYS.between(
                startLocal.toLocalDate(), LocalDateTime.ofInstant(after, zone).toLocalDate());
        long k = Math.max(0, Math.floorDiv(days, everyDays) - 1);
        for (int guard = 0; guard < 4; guard++, k++) {
            Instant t = place(startLocal.plusDays(k * everyDays));
            if (t.isAfter(after)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** A wall-clock time in the zone: the earlier offset where it exists twice, shifted past a gap where it does not. */
    private Instant place(LocalDateTime local) {
        return ZonedDateTime.ofLocal(local, zone, null).toInstant();
    }
}
