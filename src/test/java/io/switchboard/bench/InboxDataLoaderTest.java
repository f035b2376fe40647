package io.switchboard.bench;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.ProviderSignatures;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The bulk loader of the benchmarks writes the rows the signed SMS webhook path writes: one conversation loaded
 * by {@link InboxDataLoader} into one channel, the same messages (same sender, provider ids, texts) sent through
 * Twilio's signed webhook to another channel of the tenant, and every row compared column by column, ids, foreign
 * ids and times aside (times: only whether they are set).
 */
@QuarkusTest
class InboxDataLoaderTest {

    /** Ids and references to ids differ between the two copies by construction. */
    private static final Set<String> IDS = Set.of("id", "channel_id", "contact_id", "conversation_id", "channel_key");

    @Inject
    AgroalDataSource dataSource;

    private final InboxFixture f = new InboxFixture("loader");
    private final String accountSid = "AC" + "0123456789abcdef0123456789abcdef";
    private final String authToken = "loader0auth0token000000000000000";

    @Test
    void loadedRowsAreTheRowsTheWebhookPathWrites() throws Exception {
        Map<String, String> loaded = smsChannel("Loaded");
        Map<String, String> ingested = smsChannel("Ingested");
        try (Connection c = dataSource.getConnection()) {
            InboxDataLoader.load(
                    c,
                    f.tenant,
                    List.of(loaded.get("id")),
                    7,
                    new InboxDataLoader.Plan(1, 3, 0.5, "refund", Duration.ofHours(1)),
                    Instant.now());
        }
        List<Map<String, Object>> loadedMessages = rows(
                "SELECT external_id, text FROM message WHERE channel_id = ? ORDER BY created_at", loaded.get("id"));
        assertEquals(3, loadedMessages.size());
        String phone = (String) rows(
                        "SELECT phone FROM contact k JOIN contact_identity i ON i.contact_id = k.id"
                                + " WHERE i.channel_id = ?",
                        loaded.get("id"))
                .get(0)
                .get("phone");
        for (Map<String, Object> message : loadedMessages) {
            webhook(ingested, phone, (String) message.get("external_id"), (String) message.get("text"));
        }
        // A later message from the same customer joins the loaded conversation as it joins the ingested one.
        webhook(loaded, phone, "SMlater", "Any news about my refund?");
        webhook(ingested, phone, "SMlater", "Any news about my refund?");

        for (String table : List.of("contact_identity", "conversation", "message")) {
            assertEquals(
                    rows("SELECT * FROM " + table + " WHERE channel_id = ? ORDER BY created_at", ingested.get("id")),
                    rows("SELECT * FROM " + table + " WHERE channel_id = ? ORDER BY created_at", loaded.get("id")),
                    table);
        }
        assertEquals(
                rows(
                        "SELECT k.* FROM contact k JOIN contact_identity i ON i.contact_id = k.id WHERE i.channel_id = ?",
                        ingested.get("id")),
                rows(
                        "SELECT k.* FROM contact k JOIN contact_identity i ON i.contact_id = k.id WHERE i.channel_id = ?",
                        loaded.get("id")),
                "contact");
        assertEquals(events(ingested.get("id")), events(loaded.get("id")), "conversation_event");
        String counters = "SELECT channel_kind, measure, SUM(n) AS n FROM report_count_day WHERE channel_key = ?"
                + " GROUP BY channel_kind, measure ORDER BY measure";
        assertEquals(rows(counters, ingested.get("id")), rows(counters, loaded.get("id")), "report counters");
        assertEquals(4L, ((Number) rows(counters, loaded.get("id")).get(0).get("n")).longValue());

        // Search (the fulltext index) and the inbox list find both the same way.
        for (String query : List.of("q=refund", "status=OPEN&kind=SMS")) {
            given().auth()
                    .oauth2(f.agent)
                    .get("/api/v1/conversations?limit=25&" + query)
                    .then()
                    .statusCode(200)
                    .body("items.channelId", hasItems(loaded.get("id"), ingested.get("id")));
        }
    }

    /** The conversation events of the channel's conversation, message ids replaced by the message's place. */
    private List<Map<String, Object>> events(String channelId) throws SQLException {
        List<Object> messageIds = new ArrayList<>();
        rows("SELECT m.id AS mid FROM message m WHERE m.channel_id = ? ORDER BY m.created_at", channelId)
                .forEach(row -> messageIds.add(row.get("mid")));
        List<Map<String, Object>> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                var s = c.prepareStatement("SELECT e.id AS eid, e.* FROM conversation_event e JOIN conversation v"
                        + " ON v.id = e.conversation_id WHERE v.channel_id = ? ORDER BY e.created_at, e.id")) {
            s.setString(1, channelId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = row(rs);
                    row.remove("eid");
                    row.remove("seq"); // a position in the log all tenants share: it differs by nature
                    String data = (String) row.get("data");
                    for (int i = 0; i < messageIds.size(); i++) {
                        if (data != null) {
                            data = data.replace((String) messageIds.get(i), "message " + i);
                        }
                    }
                    row.put("data", data);
                    events.add(row);
                }
            }
        }
        return events;
    }

    private List<Map<String, Object>> rows(String sql, Object... params) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                var s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        }
        return rows;
    }

    /** A row by column name: ids left out, times as whether they are set. */
    private static Map<String, Object> row(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String name = meta.getColumnLabel(i);
            if (IDS.contains(name)) {
                continue;
            }
            Object value = rs.getObject(i);
            int type = meta.getColumnType(i);
            boolean time = type == Types.TIMESTAMP || type == Types.DATE || type == Types.TIMESTAMP_WITH_TIMEZONE;
            row.put(name, time ? (value == null ? "not set" : "set") : value);
        }
        return row;
    }

    private Map<String, String> smsChannel(String name) {
        return f.channel(
                "SMS", name, Map.of("accountSid", accountSid, "authToken", authToken, "phoneNumber", "+14155550100"));
    }

    private void webhook(Map<String, String> channel, String from, String messageSid, String text) {
        List<Map.Entry<String, String>> inbound = List.of(
                Map.entry("MessageSid", messageSid),
                Map.entry("AccountSid", accountSid),
                Map.entry("From", from),
                Map.entry("To", "+14155550100"),
                Map.entry("Body", text),
                Map.entry("NumMedia", "0"));
        String url = channel.get("webhookUrl");
        given().contentType("application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", ProviderSignatures.twilio(authToken, url, inbound))
                .body(ProviderSignatures.form(inbound))
                .post(url.substring(url.indexOf("/webhooks/")))
                .then()
                .statusCode(200);
    }
}
