package io.switchboard.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The checked-in {@code openapi/openapi.yaml} is the contract SPA teams code against; it must be exactly
 * what the service serves. After an intended API change, regenerate it with
 * {@code mvn test -Dtest=OpenApiSpecTest -Dopenapi.write=true} and review the diff.
 */
@QuarkusTest
class OpenApiSpecTest {

    private static final Path SPEC = Path.of("openapi", "openapi.yaml");

    @Test
    void checkedInSpecEqualsTheServedOne() throws IOException {
        String served = given().accept("application/yaml")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        served = served.endsWith("\n") ? served : served + "\n";
        if (Boolean.getBoolean("openapi.write")) {
            Files.createDirectories(SPEC.getParent());
            Files.writeString(SPEC, served, StandardCharsets.UTF_8);
        }
        String checkedIn = Files.exists(SPEC) ? Files.readString(SPEC, StandardCharsets.UTF_8) : "";
        assertEquals(
                checkedIn,
                served,
                "openapi/openapi.yaml differs from the served spec; regenerate it with "
                        + "-Dopenapi.write=true and commit it");
    }
}
