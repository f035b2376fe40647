package io.switchboard.tenancy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.inbox.InboxFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tenant's business hours: shown with the settings, set and cleared by admins, refused whole when wrong. */
@QuarkusTest
class BusinessHoursSettingsTest {

    private final InboxFixture f = new InboxFixture("hours");

    @Test
    void adminsSetAndClearTheWeek() {
        settings(f.manager).body("businessHours", nullValue());

        put(f.admin, """
                        {"monday": [{"open": "13:00", "close": "17:00"}, {"open": "09:00", "close": "12:00"}],
                         "friday": [{"open": "22:00", "close": "24:00"}],
                         "saturday": [{"open": "00:00", "close": "06:00"}],
                         "sunday": []}""")
                .statusCode(200)
                .body("timeZone", equalTo("UTC"))
                .body("businessHours.monday.open", equalTo(List.of("09:00", "13:00")))
                .body("businessHours.monday.close", equalTo(List.of("12:00", "17:00")))
                .body("businessHours.tuesday", equalTo(List.of()))
                .body("businessHours.friday[0]", equalTo(Map.of("open", "22:00", "close", "24:00")));
        settings(f.manager)
                .body("businessHours.monday.open", equalTo(List.of("09:00", "13:00")))
                .body("businessHours.saturday[0].close", equalTo("06:00"));

        // Changing the zone keeps the local hours.
        given().auth()
                .oauth2(f.admin)
                .contentType("application/json")
                .body(Map.of("timeZone", "Europe/Berlin"))
                .put("/api/v1/settings/tenant")
                .then()
                .statusCode(200)
                .body("businessHours.monday.open", equalTo(List.of("09:00", "13:00")));

        given().auth()
                .oauth2(f.manager)
                .delete("/api/v1/settings/tenant/business-hours")
                .then()
                .statusCode(403);
        put(f.manager, "{\"monday\": [{\"open\": \"09:00\", \"close\": \"17:00\"}]}")
                .statusCode(403);
        given().auth()
                .oauth2(f.admin)
                .delete("/api/v1/settings/tenant/business-hours")
                .then()
                .statusCode(204);
        settings(f.manager).body("businessHours", nullValue());
    }

    @Test
    void aWrongWeekIsRefusedWholeWithEveryReason() {
        put(f.admin, "{\"tuesday\": [{\"open\": \"08:00\", \"close\": \"16:00\"}]}")
                .statusCode(200);
        put(f.admin, """
                        {"monday": [{"open": "9:00", "close": "17:00"}],
                         "tuesday": [{"open": "17:00", "close": "09:00"}],
                         "wednesday": [{"open": "09:00", "close": "12:00"}, {"open": "11:30", "close": "13:00"}],
                         "thursday": [{"open": "01:00", "close": "02:00"}, {"open": "03:00", "close": "04:00"},
                                      {"open": "05:00", "close": "06:00"}, {"open": "07:00", "close": "08:00"},
                                      {"open": "09:00", "close": "10:00"}],
                         "friday": [{"close": "10:00"}]}""")
                .statusCode(400)
                .contentType("application/problem+json")
                .body(
                        "errors.field",
                        equalTo(List.of("monday[0].open", "tuesday[0]", "wednesday", "thursday", "friday[0].open")));
        put(f.admin, "{}")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("businessHours"));
        settings(f.manager).body("businessHours.tuesday[0].open", equalTo("08:00"));
    }

    private static ValidatableResponse settings(String token) {
        return given().auth()
                .oauth2(token)
                .get("/api/v1/settings/tenant")
                .then()
                .statusCode(200);
    }

    private static ValidatableResponse put(String token, String body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .put("/api/v1/settings/tenant/business-hours")
                .then();
    }
}
