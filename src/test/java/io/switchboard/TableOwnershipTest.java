package io.switchboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.persistence.Entity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A room owns its tables: only its own classes write them, whether through SQL or through its JPA entities; the
 * other rooms ask its service. Reading another room's tables is allowed (reports join across all of them).
 */
class TableOwnershipTest {

    /** Every table of the schema and the room (top-level package) that writes it. */
    static final Map<String, Set<String>> OWNERS = Map.ofEntries(
            Map.entry("tenancy", Set.of("tenant")),
            Map.entry(
                    "staff",
                    Set.of(
                            "operator",
                            "operator_availability",
                            "operator_capacity",
                            "operator_rate",
                            "tenant_capacity",
                            "team",
                            "team_member")),
            Map.entry("channel", Set.of("channel", "webhook_nonce")),
            Map.entry("adapter", Set.of("email_domain", "imap_poll_state")),
            Map.entry(
                    "inbox",
                    Set.of(
                            "contact",
                            "contact_identity",
                            "contact_label",
                            "conversation",
                            "conversation_label",
                            "conversation_event",
                            "message")),
            Map.entry("assignment", Set.of("channel_routing", "assignment_lock")),
            Map.entry("delivery", Set.of("delivery", "idempotency_key")),
            Map.entry(
                    "scheduling",
                    Set.of("post", "post_target", "publication", "publication_item", "broadcast_assignment")),
            Map.entry(
                    "engagement",
                    Set.of(
                            "post_metrics_snapshot",
                            "post_metrics_watch",
                            "provider_metric_refused",
                            "channel_follower_count",
                            "channel_metrics_state",
                            "engagement_settings",
                            "x_read_usage")),
            Map.entry(
                    "workload",
                    Set.of(
                            "work_session",
                            "work_session_change",
                            "work_session_post_edit",
                            "reporting_event",
                            "reporting_watermark")),
            Map.entry(
                    "reporting",
                    Set.of(
                            "report_conversation_period",
                            "report_count_day",
                            "report_handled_period",
                            "report_work_day")),
            Map.entry("limits", Set.of("tenant_limits", "paid_message_usage")));

    /**
     * Rooms that may write every table: the local run's demo data, written in bulk as the write paths would (it
     * never runs in production, and {@code DemoSeedTest} checks its rows against the services' reads).
     */
    static final Set<String> WRITE_ANYWHERE = Set.of("demo");

    private static final Pattern WRITE = Pattern.compile(
            "\\b(?:INSERT(?:\\s+IGNORE)?\\s+INTO|REPLACE\\s+INTO|(?<!KEY )(?<!FOR )UPDATE(?:\\s+IGNORE)?|DELETE\\s+FROM)\\s+`?([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern LITERAL =
            Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);
    private static final Path MAIN = Path.of("src/main/java/io/switchboard");

    @Test
    void sqlWritesOnlyItsOwnRoomsTables() throws IOException {
        Map<String, String> ownerOf = ownerOfTable();
        Set<String> crossings = new TreeSet<>();
        List<String> unknown = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String room = MAIN.relativize(file).getName(0).toString();
                if (WRITE_ANYWHERE.contains(room)) {
                    continue;
                }
                for (String table : writtenTables(Files.readString(file))) {
                    String owner = ownerOf.get(table);
                    if (owner == null) {
                        unknown.add(file + " writes " + table + ", a table no room owns (add it to OWNERS)");
                    } else if (!owner.equals(room)) {
                        crossings.add(room + " -> " + owner);
                    }
                }
            }
        }
        assertEquals(List.of(), unknown);
        assertEquals(Set.of(), crossings, "rooms writing another room's tables (ask its service instead)");
    }

    @Test
    void entitiesAreChangedOnlyByTheirRoom() {
        JavaClasses main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.switchboard");
        classes()
                .that()
                .resideOutsideOfPackages(WRITE_ANYWHERE.stream()
                        .map(r -> "io.switchboard." + r + "..")
                        .toArray(String[]::new))
                .should(new ArchCondition<>("change entities of their own room only") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        for (JavaAccess<?> access : type.getAccessesFromSelf()) {
                            JavaClass target = access.getTargetOwner();
                            if (!target.isAnnotatedWith(Entity.class)
                                    || room(target).equals(room(type))) {
                                continue;
                            }
                            boolean write = access instanceof JavaFieldAccess f
                                    && f.getAccessType() == JavaFieldAccess.AccessType.SET;
                            boolean persist = access.getTarget() instanceof AccessTarget.MethodCallTarget m
                                    && Set.of(
                                                    "persist",
                                                    "persistAndFlush",
                                                    "delete",
                                                    "update",
                                                    "deleteAll",
                                                    "deleteById")
                                            .contains(m.getName());
                            if (write || persist) {
                                events.add(SimpleConditionEvent.violated(
                                        access,
                                        access.getDescription() + ": " + target.getSimpleName() + " belongs to "
                                                + room(target)));
                            }
                        }
                    }
                })
                .check(main);
    }

    @Test
    void everyTableOfTheSchemaHasOneOwner() throws IOException {
        // The tables the V scripts leave, in version order: created, less those a later one drops. The baseline
        // (B) builds the same tables, which BaselineMigrationTest checks.
        Set<String> created = new TreeSet<>();
        Pattern statement =
                Pattern.compile("(?i)(CREATE|DROP)\\s+TABLE\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?`?([a-z_0-9]+)");
        Pattern versioned = Pattern.compile("V(\\d+)__.*\\.sql");
        List<Path> migrations;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            migrations = files.filter(
                            f -> versioned.matcher(f.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(f -> {
                        Matcher m = versioned.matcher(f.getFileName().toString());
                        m.matches();
                        return Integer.parseInt(m.group(1));
                    }))
                    .toList();
        }
        for (Path f : migrations) {
            Matcher m = statement.matcher(Files.readString(f));
            while (m.find()) {
                if (m.group(1).equalsIgnoreCase("CREATE")) {
                    created.add(m.group(2).toLowerCase());
                } else {
                    created.remove(m.group(2).toLowerCase());
                }
            }
        }
        created.removeIf(t -> t.startsWith("qrtz_")); // Quartz's own tables, written by Quartz for scheduling
        Set<String> owned =
                OWNERS.values().stream().flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(created, owned, "OWNERS names every table the migrations create, once");
        assertEquals(owned.size(), OWNERS.values().stream().mapToInt(Set::size).sum(), "a table has one owner");
    }

    /** The tables a source file writes through SQL in its string literals (JPQL entity names as their tables). */
    static Set<String> writtenTables(String source) {
        Set<String> tables = new TreeSet<>();
        Matcher literal = LITERAL.matcher(source);
        while (literal.find()) {
            String text = literal.group(1) != null ? literal.group(1) : literal.group(2);
            Matcher write = WRITE.matcher(text);
            while (write.find()) {
                tables.add(snake(write.group(1)));
            }
        }
        return tables;
    }

    private static Map<String, String> ownerOfTable() {
        return OWNERS.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(t -> Map.entry(t, e.getKey())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }

    private static String room(JavaClass type) {
        String rest = type.getPackageName().substring("io.switchboard".length());
        return rest.isEmpty() ? "" : rest.substring(1).split("\\.")[0];
    }
}
