package io.switchboard.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The versioning policy of docs/api.md: the checked-in spec may break a client generated from the last released
 * spec (kept as {@code openapi/released/openapi-<version>.yaml}) only with a new major {@code info.version}.
 */
class SpecVersioningTest {

    private static final Path RELEASED = Path.of("openapi", "released");
    private static final Pattern RELEASED_NAME = Pattern.compile("openapi-(\\d+)\\.(\\d+)\\.(\\d+)\\.yaml");
    private static final Pattern SEMVER = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    record Version(int major, int minor, int patch) implements Comparable<Version> {

        static Version parse(Matcher m) {
            return new Version(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        }

        @Override
        public int compareTo(Version o) {
            return Comparator.comparingInt(Version::major)
                    .thenComparingInt(Version::minor)
                    .thenComparingInt(Version::patch)
                    .compare(this, o);
        }

        @Override
        public String toString() {
            return major + "." + minor + "." + patch;
        }
    }

    @Test
    void theSpecBreaksTheLastReleaseOnlyUnderANewMajorVersion() throws IOException {
        JsonNode current = YAML.readTree(ApiSpec.FILE.toFile());
        Matcher semver = SEMVER.matcher(current.path("info").path("version").asText());
        assertTrue(
                semver.matches(),
                "info.version must be MAJOR.MINOR.PATCH, is "
                        + current.path("info").path("version"));
        Version version = Version.parse(semver);

        Path last;
        try (Stream<Path> files = Files.list(RELEASED)) {
            last = files.filter(p ->
                            RELEASED_NAME.matcher(p.getFileName().toString()).matches())
                    .max(Comparator.comparing(SpecVersioningTest::versionOf))
                    .orElseThrow(() -> new AssertionError("No released spec under " + RELEASED));
        }
        Version released = versionOf(last);
        assertTrue(
                version.compareTo(released) >= 0,
                "info.version " + version + " is older than the last release " + released);

        List<String> breaking = SpecCompatibility.breakingChanges(YAML.readTree(last.toFile()), current);
        if (!breaking.isEmpty()) {
            assertTrue(
                    version.major() > released.major(),
                    "openapi/openapi.yaml breaks clients of release " + released + " without a new major version"
                            + " (info.version is " + version + "; see docs/api.md, Versioning):\n  "
                            + String.join("\n  ", breaking));
        }
    }

    @Test
    void removingOrRetypingAFieldIsBreakingAndAddingOneIsNot() throws IOException {
        JsonNode before = YAML.readTree("""
                paths:
                  /api/v1/things/{id}:
                    get: {operationId: getThing}
                components:
                  schemas:
                    Thing:
                      type: object
                      properties:
                        id: {type: string}
                        count: {type: integer, format: int32}
                        status: {$ref: "#/components/schemas/Status"}
                    Status: {type: string, enum: [OPEN, CLOSED]}
                """);
        assertEquals(List.of(), SpecCompatibility.breakingChanges(before, before));

        JsonNode added = before.deepCopy();
        ((ObjectNode) added.at("/components/schemas/Thing/properties"))
                .putObject("note")
                .putArray("type")
                .add("string")
                .add("null");
        assertEquals(List.of(), SpecCompatibility.breakingChanges(before, added));

        JsonNode changed = YAML.readTree("""
                paths:
                  /api/v1/things/{id}:
                    get: {operationId: get_1}
                components:
                  schemas:
                    Thing:
                      type: object
                      required: [count]
                      properties:
                        count: {type: [integer, "null"], format: int32}
                        status: {$ref: "#/components/schemas/Status"}
                    Status: {type: string, enum: [OPEN]}
                """);
        List<String> breaking = SpecCompatibility.breakingChanges(before, changed);
        assertTrue(
                breaking.contains("GET /api/v1/things/{id} changed its operationId from \"getThing\" to \"get_1\""),
                breaking::toString);
        assertTrue(breaking.contains("Thing.id was removed"), breaking::toString);
        assertTrue(breaking.stream().anyMatch(b -> b.startsWith("Thing.count was retyped")), breaking::toString);
        assertTrue(breaking.contains("Thing.count became required"), breaking::toString);
        assertTrue(breaking.contains("Status lost the enum value CLOSED"), breaking::toString);
        assertFalse(breaking.stream().anyMatch(b -> b.contains("status")), breaking::toString);
    }

    private static Version versionOf(Path released) {
        Matcher m = RELEASED_NAME.matcher(released.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(released.toString());
        }
        return Version.parse(m);
    }
}
