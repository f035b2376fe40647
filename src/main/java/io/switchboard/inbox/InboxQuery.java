package io.switchboard.inbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SQL of one inbox page, planned so that its cost grows with the page size and not with the tenant's size.
 *
 * <p>Every page is "newest activity first", so each filter is served by an index that ends in {@code
 * (last_activity_at, id)} behind equalities on the tenant and the filter's columns: MariaDB then reads the index
 * in order and stops after one page. A filter with several values (statuses, the channels of a kind, every status
 * when only the assignee or the channel is given) becomes one such ordered scan per value combination, each
 * limited to a page, merged by a {@code UNION ALL} whose few rows are sorted once; a single scan with {@code IN}
 * lists would read and sort every matching row of the tenant instead. The other filters are checked on the rows
 * the scan passes. A full-text search is driven by its matches instead.
 *
 * <p>The indexes (V44): activity {@code (tenant, at, id)}, status {@code (tenant, status, at, id)}, assignee
 * {@code (tenant, assignee, status, at, id)}, channel {@code (tenant, channel, status, at, id)} and team {@code
 * (tenant, team, at, id)}; contact {@code (contact, at, id)} (V58: contact ids are unique across tenants, and the
 * contact's foreign key uses it too).
 */
final class InboxQuery {

    /** Beyond this many value combinations, one scan with IN lists is cheaper than the merge. */
    static final int MAX_BRANCHES = 32;

    /**
     * The page's columns; the page rows are joined by primary key only after the merge. The channel's name and
     * response target come with them, since every row shows the first and the due time needs the second.
     */
    static final String COLUMNS = "c.id, c.status, c.channel_id, ch.kind AS channel_kind, ch.name AS channel_name,"
            + " ch.first_response_target_seconds, c.contact_id, c.assignee_id, c.last_activity_at,"
            + " c.last_message_preview, c.unread_count, c.priority";

    /**
     * The conversations a search matches, by their contact or any of their messages, from the tenant's own search
     * columns (see {@link SearchQuery}), or by the start of their contact's address when the text is one:
     * collected once, in a derived table; as IN-subqueries next to the activity scan, MariaDB would repeat the
     * searches for every conversation it looks at.
     */
    private static String searchHits(boolean words, boolean address) {
        String contacts = "SELECT c2.id FROM contact k JOIN conversation c2 ON c2.contact_id = k.id"
                + " WHERE k.tenant_id = :tenant AND c2.tenant_id = :tenant AND "
                + (address
                        ? "k.email LIKE :address ESCAPE '!'"
                        : "MATCH (k.search_text) AGAINST (:terms IN BOOLEAN MODE)");
        String messages = "SELECT m.conversation_id FROM message m WHERE m.tenant_id = :tenant"
                + " AND MATCH (m.search_text) AGAINST (:terms IN BOOLEAN MODE)";
        return "(" + contacts + (words ? " UNION " + messages : "") + ") hit";
    }

    private static final List<String> ALL_STATUSES =
            java.util.Arrays.stream(ConversationStatus.values()).map(Enum::name).toList();

    private final StringBuilder sql = new StringBuilder();
    private final Map<String, Object> params = new HashMap<>();
    private InboxQuery fallback;

    private InboxQuery() {}

    String sql() {
        return sql.toString();
    }

    Map<String, Object> params() {
        return params;
    }

    /**
     * The plan to run when this one reaches its bound of rows examined (it then answers fewer rows than asked
     * for), or null when it has none. A plan with a fallback answers its rows unsorted.
     */
    InboxQuery fallback() {
        return fallback;
    }

    /**
     * Plans the page.
     *
     * @param channelIds the channels to show: the channel filter intersected with the channels of the kind filter;
     *     null when neither filter is given
     */
    static InboxQuery plan(
            String tenantId, ConversationFilter filter, Set<String> channelIds, ActivityCursor after, int rows) {
        return plan(tenantId, filter, channelIds, after, rows, 0, 0);
    }

    /** The bounded scans a page may be read by first, each with the plan MariaDB chooses itself as fallback. */
    private enum Scan {
        /** No bounded scan: the plan MariaDB chooses itself. */
        NONE,
        /** The conversations in activity order joined to one label's rows. */
        LABEL,
        /** The conversations in activity order, each checked against the search on its messages and contact. */
        SEARCH
    }

    /**
     * Plans the page; when the page is one ordered scan, a filter on one label or a search may read it in that
     * scan's order, bounded by rows examined, with the plan MariaDB chooses itself as {@link #fallback} for when the
     * bound is reached.
     *
     * <p>A filter on one label becomes a join of the scan with the label's rows read in the scan's order ({@code
     * STRAIGHT_JOIN}), bounded to {@code labelScanRows} rows examined ({@code LIMIT ROWS EXAMINED}; its rows come
     * unsorted); the fallback is an {@code EXISTS}, which MariaDB drives from the label's rows of every tenant. The
     * scan costs what the page costs over the label's share of the conversations (a label on 2% of them: about 50
     * rows per row shown) whatever the tenant's size; the label's rows cost what the label's use costs, which only
     * for a rare label is less.
     *
     * <p>A search (words, or an address) checks each conversation of the scan: its messages' search columns, then
     * its contact's, with the expressions of {@link SearchQuery#regexpsIn} (or the address), bounded to {@code
     * searchScanRows} rows examined. The fallback collects the search's matches from the full-text indexes: it
     * reads every matching message of the tenant, in no useful order, to show the newest few, so a common word
     * costs thousands of rows read at random, while the scan reads the newest conversations' messages until the page
     * is full. A rare word leaves the page short when the bound is reached, and is then read from its few matches.
     *
     * @param labelScanRows the bound of the label's scan; 0 plans the {@code EXISTS} alone
     * @param searchScanRows the bound of the search's scan; 0 plans the full-text matches alone
     */
    static InboxQuery plan(
            String tenantId,
            ConversationFilter filter,
            Set<String> channelIds,
            ActivityCursor after,
            int rows,
            int labelScanRows,
            int searchScanRows) {
        boolean searching = filter.search()
                .filter(s -> !s.words().isEmpty() || s.address() != null)
                .isPresent();
        Scan scan = searching ? Scan.SEARCH : Scan.LABEL;
        // A search beside a label keeps the full-text matches: the scan would check both on every conversation.
        int bound = !searching ? labelScanRows : filter.labels().isEmpty() ? searchScanRows : 0;
        if (bound > 0) {
            InboxQuery bounded = build(tenantId, filter, channelIds, after, rows, scan, bound);
            if (bounded != null) {
                bounded.fallback = build(tenantId, filter, channelIds, after, rows, Scan.NONE, 0);
                return bounded;
            }
        }
        return build(tenantId, filter, channelIds, after, rows, Scan.NONE, 0);
    }

    /** The plan, or null when a bounded scan is asked for and does not apply. */
    private static InboxQuery build(
            String tenantId,
            ConversationFilter filter,
            Set<String> channelIds,
            ActivityCursor after,
            int rows,
            Scan scan,
            int bound) {
        InboxQuery q = new InboxQuery();
        q.params.put("tenant", tenantId);
        String hits = null;
        String terms = filter.search().map(s -> s.fullTextIn(tenantId)).orElse(null);
        String address = filter.search().map(SearchQuery::address).orElse(null);
        String searchCheck = null;
        if (scan == Scan.SEARCH) {
            searchCheck = q.searchCheck(filter.search().orElseThrow(), tenantId);
        } else if (terms != null || address != null) {
            hits = searchHits(terms != null, address != null);
            if (terms != null) {
                q.params.put("terms", terms);
            }
            if (address != null) {
                q.params.put("address", address);
            }
        }
        List<String> statuses =
                filter.statuses().stream().map(Enum::name).sorted().toList();
        List<String> channels =
                channelIds == null ? List.of() : channelIds.stream().sorted().toList();

        // The equality columns each scan fixes (column -> the values to enumerate), the rest is checked per row.
        List<Map.Entry<String, List<String>>> fixed = new ArrayList<>();
        List<String> residual = new ArrayList<>();
        boolean assignee = filter.unassigned() || filter.assigneeId() != null;
        if (hits != null) {
            // Driven by the search's matches: every filter is checked on them.
            q.inList(residual, "c.status", statuses, "status");
            q.inList(residual, "c.channel_id", channels, "channel");
            q.assignee(residual, filter);
            if (filter.contactId() != null) {
                residual.add("c.contact_id = :contact");
                q.params.put("contact", filter.contactId());
            }
        } else if (filter.contactId() != null) {
            // One contact's conversations, in activity order from the contact's index; the rest checked per row.
            fixed.add(Map.entry("c.contact_id", List.of(filter.contactId())));
            q.inList(residual, "c.status", statuses, "status");
            q.inList(residual, "c.channel_id", channels, "channel");
            q.assignee(residual, filter);
        } else if (assignee) {
            q.assignee(residual, filter);
            fixed.add(Map.entry("c.status", statuses.isEmpty() ? ALL_STATUSES : statuses));
            q.inList(residual, "c.channel_id", channels, "channel");
        } else if (!channels.isEmpty()) {
            fixed.add(Map.entry("c.channel_id", channels));
            fixed.add(Map.entry("c.status", statuses.isEmpty() ? ALL_STATUSES : statuses));
        } else if (!statuses.isEmpty()) {
            fixed.add(Map.entry("c.status", statuses));
        }
        if (filter.teamId() != null) {
            residual.add("c.team_id = :team");
            q.params.put("team", filter.teamId());
        }
        if (searchCheck != null) {
            residual.add(searchCheck);
        }
        boolean labelScan = scan == Scan.LABEL;
        if (labelScan && (hits != null || filter.labels().size() != 1)) {
            return null;
        }
        if (labelScan) {
            q.params.put("label", filter.labels().iterator().next());
        } else if (!filter.labels().isEmpty()) {
            residual.add("EXISTS (SELECT 1 FROM conversation_label l WHERE l.conversation_id = c.id"
                    + " AND l.label IN (:labels))");
            q.params.put("labels", List.copyOf(filter.labels()));
        }
        filter.search().filter(s -> s.address() == null).map(SearchQuery::like).ifPresent(like -> {
            residual.add("c.contact_id IN (SELECT k.id FROM contact k WHERE k.tenant_id = :tenant"
                    + " AND (k.name LIKE :like ESCAPE '!' OR k.email LIKE :like ESCAPE '!'"
                    + " OR k.phone LIKE :like ESCAPE '!'))");
            q.params.put("like", like);
        });
        if (after != null) {
            residual.add("(c.last_activity_at < :at OR (c.last_activity_at = :at AND c.id < :id))");
            q.params.put("at", after.at());
            q.params.put("id", after.id());
        }

        List<List<String>> combinations = combinations(fixed);
        if (combinations.size() > MAX_BRANCHES) {
            // Too many scans to merge: one scan with the values as IN lists, MariaDB's choice of index.
            for (int i = 0; i < fixed.size(); i++) {
                q.inList(residual, fixed.get(i).getKey(), fixed.get(i).getValue(), "in" + i);
            }
            if (scan != Scan.NONE) {
                return null; // one scan, but sorted, not read in order: the bound would cut its sort short
            }
            combinations = List.of(List.of());
            fixed = List.of();
        }
        if (scan != Scan.NONE && combinations.size() != 1) {
            return null;
        }
        q.sql.append("SELECT ").append(COLUMNS).append(" FROM (");
        for (int b = 0; b < combinations.size(); b++) {
            if (b > 0) {
                q.sql.append(" UNION ALL ");
            }
            if (labelScan) {
                q.sql.append("(SELECT STRAIGHT_JOIN c.id, c.last_activity_at FROM conversation c")
                        .append(" JOIN conversation_label l ON l.conversation_id = c.id AND l.label = :label");
            } else {
                q.sql.append("(SELECT c.id, c.last_activity_at FROM conversation c");
            }
            if (hits != null) {
                q.sql.append(" JOIN ").append(hits).append(" ON hit.id = c.id");
            }
            q.sql.append(" WHERE c.tenant_id = :tenant");
            List<String> values = combinations.get(b);
            for (int i = 0; i < values.size(); i++) {
                String name = "b" + b + "v" + i;
                q.sql.append(" AND ")
                        .append(fixed.get(i).getKey())
                        .append(" = :")
                        .append(name);
                q.params.put(name, values.get(i));
            }
            residual.forEach(condition -> q.sql.append(" AND ").append(condition));
            q.sql.append(" ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ")
                    .append(rows)
                    .append(')');
        }
        q.sql.append(") p JOIN conversation c ON c.id = p.id JOIN channel ch ON ch.id = c.channel_id");
        if (scan != Scan.NONE) {
            // One scan, already limited to the page: no sort here, since a sort the bound interrupts fails the
            // statement, while rows the bound cuts short are just fewer rows; the caller sorts the page.
            q.sql.append(" LIMIT ROWS EXAMINED ").append(bound);
        } else {
            q.sql.append(" ORDER BY p.last_activity_at DESC, p.id DESC LIMIT ").append(rows);
        }
        return q;
    }

    /**
     * The search checked on one conversation: one of its messages holds every word, or its contact does (or has
     * the address). Scalar subqueries, which MariaDB runs for each conversation as it passes, stopping at the first
     * match; an {@code EXISTS} it may turn into a join driven from the other side.
     */
    private String searchCheck(SearchQuery search, String tenantId) {
        List<String> regexps = search.regexpsIn(tenantId);
        List<String> checks = new ArrayList<>();
        if (regexps != null) {
            StringBuilder messages = new StringBuilder("(SELECT 1 FROM message m WHERE m.conversation_id = c.id");
            StringBuilder contact = new StringBuilder("(SELECT 1 FROM contact k WHERE k.id = c.contact_id");
            for (int i = 0; i < regexps.size(); i++) {
                messages.append(" AND m.search_text REGEXP :w").append(i);
                contact.append(" AND k.search_text REGEXP :w").append(i);
                params.put("w" + i, regexps.get(i));
            }
            checks.add(messages.append(" LIMIT 1) IS NOT NULL").toString());
            if (search.address() == null) {
                checks.add(contact.append(") IS NOT NULL").toString());
            }
        }
        if (search.address() != null) {
            checks.add("(SELECT 1 FROM contact k WHERE k.id = c.contact_id AND k.email LIKE :address ESCAPE '!')"
                    + " IS NOT NULL");
            params.put("address", search.address());
        }
        return "(" + String.join(" OR ", checks) + ")";
    }

    private void assignee(List<String> residual, ConversationFilter filter) {
        if (filter.unassigned()) {
            residual.add("c.assignee_id IS NULL");
        } else if (filter.assigneeId() != null) {
            residual.add("c.assignee_id = :assignee");
            params.put("assignee", filter.assigneeId());
        }
    }

    private void inList(List<String> residual, String column, List<String> values, String name) {
        if (!values.isEmpty()) {
            residual.add(column + " IN (:" + name + ")");
            params.put(name, values);
        }
    }

    /** Every combination of one value per fixed column, in the columns' order. */
    private static List<List<String>> combinations(List<Map.Entry<String, List<String>>> fixed) {
        List<List<String>> combinations = new ArrayList<>();
        combinations.add(List.of());
        for (Map.Entry<String, List<String>> column : fixed) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> prefix : combinations) {
                for (String value : column.getValue()) {
                    List<String> combination = new ArrayList<>(prefix);
                    combination.add(value);
                    next.add(combination);
                }
                if (next.size() > MAX_BRANCHES) {
                    return next;
                }
            }
            combinations = next;
        }
        return combinations;
    }
}
