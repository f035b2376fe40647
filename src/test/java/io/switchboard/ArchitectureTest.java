package io.switchboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.switchboard.tenancy.Tenant;
import io.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Entity;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

/** The rules of the house that matter, as tests. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.switchboard");

    @Test
    void resourcesNeverReturnEntities() {
        methods()
                .that()
                .areDeclaredInClassesThat()
                .areAnnotatedWith(Path.class)
                .and()
                .arePublic()
                .should(new ArchCondition<>("not return a JPA entity") {
                    @Override
                    public void check(com.tngtech.archunit.core.domain.JavaMethod method, ConditionEvents events) {
                        boolean entity = method.getReturnType().getAllInvolvedRawTypes().stream()
                                .anyMatch(t -> t.isAnnotatedWith(Entity.class));
                        if (entity) {
                            events.add(
                                    SimpleConditionEvent.violated(method, method.getFullName() + " returns an entity"));
                        }
                    }
                })
                .allowEmptyShould(true)
                .check(MAIN);
    }

    @Test
    void everyEntityButTheTenantIsTenantOwned() {
        classes()
                .that()
                .areAnnotatedWith(Entity.class)
                .and()
                .doNotHaveFullyQualifiedName(Tenant.class.getName())
                .should()
                .beAssignableTo(TenantOwnedEntity.class)
                .check(MAIN);
    }

    /** A room may use another, but no two rooms may need each other, however long the way round. */
    @Test
    void roomsDependOnEachOtherWithoutCycles() {
        slices().matching("io.switchboard.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void onlySchedulingImportsQuartz() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.switchboard.scheduling..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.quartz..")
                .check(MAIN);
    }

    @Test
    void theInboxHandsRepliesToTheOutboxWithoutDependingOnIt() {
        noClasses()
                .that()
                .resideInAPackage("io.switchboard.inbox..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.switchboard.delivery..")
                .check(MAIN);
    }

    @Test
    void everyResourceDeclaresWhoMayCallIt() {
        classes()
                .that()
                .areAnnotatedWith(Path.class)
                .should(new ArchCondition<>("declare a security annotation on the class or on every method") {
                    @Override
                    public void check(JavaClass resource, ConditionEvents events) {
                        boolean onClass = secured(resource.getAnnotations());
                        resource.getMethods().stream()
                                .filter(m -> m.getAnnotations().stream()
                                        .anyMatch(a ->
                                                a.getRawType().getPackageName().equals("jakarta.ws.rs")
                                                        && a.getRawType()
                                                                .isAnnotatedWith(jakarta.ws.rs.HttpMethod.class)))
                                .filter(m -> !onClass && !secured(m.getAnnotations()))
                                .forEach(m -> events.add(SimpleConditionEvent.violated(
                                        m, m.getFullName() + " has no @RolesAllowed, @Authenticated or @PermitAll")));
                    }
                })
                .check(MAIN);
    }

    @Test
    void noClassShadowsAJavaLangType() {
        classes()
                .should(
                        new ArchCondition<>(
                                "not share its simple name with a java.lang type (as a Thread record would)") {
                            @Override
                            public void check(JavaClass type, ConditionEvents events) {
                                String name = type.getSimpleName();
                                if (!name.isEmpty() && javaLangHas(name)) {
                                    events.add(SimpleConditionEvent.violated(
                                            type,
                                            type.getName() + " shadows java.lang." + name + " where it is visible"));
                                }
                            }
                        })
                .check(MAIN);
    }

    /**
     * Stored instants are UTC DATETIMEs read as {@code Instant}s through NativeRows (or the entities); java.sql's
     * time types would bring the JVM's default time zone back in.
     */
    @Test
    void onlyTheDbHelpersUseJavaSqlTimes() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.switchboard.common.db..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName(java.sql.Timestamp.class.getName())
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName(java.sql.Date.class.getName())
                .check(MAIN);
    }

    /** SQL hands times to Java as DATETIME or DATE values read through NativeRows, never as formatted strings. */
    @Test
    void noSqlFormatsDatesForJava() throws java.io.IOException {
        java.util.List<String> formatting;
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java"))) {
            formatting = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> {
                        try {
                            return java.nio.file.Files.readString(f)
                                    .toUpperCase(java.util.Locale.ROOT)
                                    .contains("DATE_FORMAT(");
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(Object::toString)
                    .sorted()
                    .toList();
        }
        org.junit.jupiter.api.Assertions.assertEquals(
                java.util.List.of(), formatting, "SQL that formats dates with DATE_FORMAT(...)");
    }

    private static boolean javaLangHas(String simpleName) {
        try {
            Class.forName("java.lang." + simpleName, false, ClassLoader.getPlatformClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static boolean secured(
            java.util.Set<? extends com.tngtech.archunit.core.domain.JavaAnnotation<?>> annotations) {
        return annotations.stream()
                .map(a -> a.getRawType().getName())
                .anyMatch(name -> name.equals("jakarta.annotation.security.RolesAllowed")
                        || name.equals("jakarta.annotation.security.PermitAll")
                        || name.equals("io.quarkus.security.Authenticated"));
    }
}
