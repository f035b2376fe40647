package io.switchboard.reporting;

import static io.restassured.RestAssured.given;

import io.switchboard.common.Ids;
import io.switchboard.inbox.InboxFixture;
import io.switchboard.testing.Sql;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * The rows the exact report tests write around the services, as ingest and the reporting facts would have written
 * them, and the operator changes they make through the API. After raw rows, a test rebuilds the tenant's rollups
 * ({@code RollupRebuild.of}), as after a bulk load.
 */
final class ReportRows {

    private final Sql sql;
    private final InboxFixture f;

    ReportRows(Sql sql, InboxFixture f) {
        this.sql = sql;
        this.f = f;
    }

    /** A contact of the tenant, created at {@code createdAt}. */
    String contact(String createdAt) {
        String contact = Ids.newId();
        sql.update(
                "INSERT INTO contact (id, tenant_id, name, created_at, updated_at) VALUES (?, ?, 'Fan', ?, ?)",
                contact,
                f.tenant,
                utc(createdAt),
                utc(createdAt));
        return contact;
    }

    /** An open conversation of a new contact on the channel, as ingest would have opened it at {@code createdAt}. */
    String conversation(String channel, String createdAt) {
        return conversationOfContact(contact(createdAt), channel, createdAt);
    }

    /** An open conversation of the contact on the channel, opened at {@code createdAt}. */
    String conversationOfContact(String contact, String channel, String createdAt) {
        String id = Ids.newId();
        sql.update(
                "INSERT INTO conversation (id, tenant_id, channel_id, contact_id, thread_key, status,"
                        + " last_activity_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'OPEN', ?, ?, ?)",
                id,
                f.tenant,
                channel,
                contact,
                "t-" + id,
                utc(createdAt),
                utc(createdAt),
                utc(createdAt));
        return id;
    }

    /** An inbound message received at {@code at}. */
    void message(String conversation, String channel, String at) {
        sql.update(
                "INSERT INTO message (id, tenant_id, conversation_id, channel_id, direction, text, created_at,"
                        + " received_at) VALUES (?, ?, ?, ?, 'INBOUND', 'x', ?, ?)",
                Ids.newId(),
                f.tenant,
                conversation,
                channel,
                utc(at),
                utc(at));
    }

    /** The reporting fact of a resolution by {@code operator} at {@code endedAt}, after 600 s of its cycle. */
    void resolution(String conversation, String channel, String operator, String endedAt) {
        sql.update(
                "INSERT INTO reporting_event (id, tenant_id, kind, conversation_id, channel_id, channel_kind,"
                        + " operator_id, started_at, ended_at, seconds, source_id, created_at)"
                        + " SELECT ?, ?, 'RESOLUTION', ?, id, kind, ?, ?, ?, 600, ?, ? FROM channel WHERE id = ?",
                Ids.newId(),
                f.tenant,
                conversation,
                operator,
                utc(Instant.parse(endedAt).minusSeconds(600).toString()),
                utc(endedAt),
                Ids.newId(),
                utc(endedAt),
                channel);
    }

    /** A reporting fact of {@code kind} on an API channel, measured from {@code start} to {@code end}. */
    void fact(String kind, String conversation, String channel, String operator, String start, String end) {
        sql.update(
                "INSERT INTO reporting_event (id, tenant_id, kind, conversation_id, channel_id, channel_kind,"
                        + " operator_id, started_at, ended_at, seconds, source_id, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, 'API', ?, ?, ?, ?, ?, ?)",
                Ids.newId(),
                f.tenant,
                kind,
                conversation,
                channel,
                operator,
                utc(start),
                utc(end),
                Instant.parse(end).getEpochSecond() - Instant.parse(start).getEpochSecond(),
                Ids.newId(),
                utc(end));
    }

    /** The operator's hourly cost in EUR minor units from {@code from} on, set by the tenant's manager. */
    void setRate(String operator, long amountMinor, String from) {
        given().auth()
                .oauth2(f.manager)
                .contentType("application/json")
                .body(Map.of(
                        "hourlyCost", Map.of("amountMinor", amountMinor, "currency", "EUR", "effectiveFrom", from)))
                .patch("/api/v1/operators/" + operator)
                .then()
                .statusCode(200);
    }

    /** A manual work entry of the agent on the conversation. */
    void logWork(String conversation, String startedAt, int seconds) {
        Map<String, Object> body = new HashMap<>();
        body.put("conversationId", conversation);
        body.put("startedAt", startedAt);
        body.put("durationSeconds", seconds);
        given().auth()
                .oauth2(f.agent)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/work-sessions")
                .then()
                .statusCode(201);
    }

    static LocalDateTime utc(String instant) {
        return LocalDateTime.ofInstant(Instant.parse(instant), ZoneOffset.UTC);
    }
}
