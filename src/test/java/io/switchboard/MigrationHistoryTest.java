package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An applied migration is history: Flyway refuses to start on a database whose applied migration no longer
 * matches its file. Every migration's SHA-256 is recorded once in {@code src/test/resources/db/migration-checksums.txt}
 * when it is first committed; this test fails when a file differs from its line, has no line, or has gone. It
 * never writes the manifest: a new line is added by hand, and an existing one is never changed. Baseline migrations
 * ({@code B<version>__baseline.sql}) are in the manifest too: a new database has applied one.
 */
class MigrationHistoryTest {

    static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");
    static final Path MANIFEST = Path.of("src", "test", "resources", "db", "migration-checksums.txt");

    @Test
    void everyMigrationIsExactlyAsRecordedWhenItWasFirstCommitted() throws IOException {
        List<String> problems = problems(recorded(Files.readAllLines(MANIFEST, StandardCharsets.UTF_8)), files());
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void anEditedMigrationFailsAndSaysToWriteANewOne() {
        Map<String, String> recorded = Map.of("V1__a.sql", sha256("create table a (id int);\n".getBytes()));
        List<String> problems = problems(recorded, Map.of("V1__a.sql", "create table a (id bigint);\n".getBytes()));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("V1__a.sql was changed after it was recorded"), problems.get(0));
        assertTrue(problems.get(0).contains("add a new migration"), problems.get(0));
    }

    @Test
    void aMigrationWithoutALineFailsAndPrintsTheLineToAdd() {
        byte[] content = "create table b (id int);\n".getBytes();
        List<String> problems = problems(Map.of(), Map.of("V2__b.sql", content));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains(sha256(content) + "  V2__b.sql"), problems.get(0));
        assertTrue(problems.get(0).contains(MANIFEST.toString()), problems.get(0));
    }

    @Test
    void aRemovedOrRenamedMigrationFails() {
        byte[] content = "create table c (id int);\n".getBytes();
        List<String> problems = problems(Map.of("V3__c.sql", sha256(content)), Map.of("V3__renamed.sql", content));
        assertEquals(2, problems.size(), String.join("\n", problems));
        assertTrue(problems.stream().anyMatch(p -> p.contains("V3__c.sql is recorded but gone")), problems.toString());
    }

    @Test
    void windowsLineEndingsOfACheckoutDoNotCountAsAnEdit() {
        Map<String, String> recorded = Map.of("V1__a.sql", sha256("a;\nb;\n".getBytes()));
        assertEquals(List.of(), problems(recorded, Map.of("V1__a.sql", "a;\r\nb;\r\n".getBytes())));
    }

    @Test
    void aManifestLineThatIsNotAChecksumAndANameIsRefused() {
        String message = assertThrows(IllegalArgumentException.class, () -> recorded(List.of("V1__a.sql")))
                .getMessage();
        assertTrue(message.contains("V1__a.sql"), message);
    }

    static List<String> problems(Map<String, String> recorded, Map<String, byte[]> files) {
        List<String> problems = new ArrayList<>();
        new TreeMap<>(files).forEach((name, content) -> {
            String actual = sha256(content);
            String expected = recorded.get(name);
            if (expected == null) {
                problems.add(name + " has no recorded checksum. In the commit that adds it, add this line to "
                        + MANIFEST + ":\n" + actual + "  " + name);
            } else if (!expected.equals(actual)) {
                problems.add(name + " was changed after it was recorded (SHA-256 " + actual + ", recorded "
                        + expected + "). An applied migration is never edited: restore it (git checkout -- "
                        + MIGRATIONS.resolve(name) + ") and add a new migration with the change.");
            }
        });
        new TreeMap<>(recorded)
                .keySet().stream()
                        .filter(name -> !files.containsKey(name))
                        .forEach(name -> problems.add(name + " is recorded but gone. An applied migration is never "
                                + "removed or renamed: restore it."));
        return problems;
    }

    static Map<String, String> recorded(List<String> lines) {
        Map<String, String> recorded = new TreeMap<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+");
            if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(
                        MANIFEST + ": expected \"<sha256>  <file name>\", found \"" + line + "\"");
            }
            if (recorded.put(parts[1], parts[0]) != null) {
                throw new IllegalArgumentException(MANIFEST + ": " + parts[1] + " is listed twice");
            }
        }
        return recorded;
    }

    static Map<String, byte[]> files() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(MIGRATIONS)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(path.getFileName().toString(), Files.readAllBytes(path));
            }
        }
        return files;
    }

    /** Over the content with CRLF read as LF, so a Windows checkout hashes like the repository. */
    static String sha256(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
