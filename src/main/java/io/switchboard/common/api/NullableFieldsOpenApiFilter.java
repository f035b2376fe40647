package io.switchboard.common.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.Type;

/**
 * Says in the spec which fields may be null, from the Java types, in one rule: a property of a component schema may
 * be {@code null} unless its Java member is a primitive or a collection (the house never answers a null list or
 * map), or the schema already requires it ({@code @NotNull}, {@code @NotBlank}, {@code @Schema(required = true)}).
 * A map's values are Java objects, so they may be null too.
 * Types annotated {@code @JsonInclude(NON_NULL)} leave such fields out instead, so they stay as they are.
 *
 * <p>Runs at build time, where the Jandex index tells the Java type behind each schema. A schema whose type it cannot
 * name unambiguously stops the build: two types with one simple name must name their schemas.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class NullableFieldsOpenApiFilter implements OASFilter {

    private static final String APP_PACKAGE = "io.switchboard.";
    private static final DotName SCHEMA =
            DotName.createSimple(org.eclipse.microprofile.openapi.annotations.media.Schema.class);
    private static final DotName JSON_PROPERTY = DotName.createSimple("com.fasterxml.jackson.annotation.JsonProperty");
    private static final DotName JSON_INCLUDE = DotName.createSimple("com.fasterxml.jackson.annotation.JsonInclude");
    private static final Set<DotName> ALWAYS_PRESENT_CONTAINERS = Set.of(
            DotName.createSimple(List.class),
            DotName.createSimple(Set.class),
            DotName.createSimple(java.util.Collection.class),
            DotName.createSimple(Map.class));

    private final IndexView index;

    public NullableFieldsOpenApiFilter(IndexView index) {
        this.index = index;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, List<ClassInfo>> bySchemaName = schemaTypes();
        openAPI.getComponents().getSchemas().forEach((name, schema) -> {
            if (schema.getProperties() == null || schema.getProperties().isEmpty()) {
                return;
            }
            // A map's values are objects in Java (Map<String, Integer>): null is a value (a PATCH's "remove").
            schema.getProperties().values().stream()
                    .filter(property -> property.getAdditionalPropertiesSchema() != null)
                    .forEach(property ->
                            property.setAdditionalPropertiesSchema(nullable(property.getAdditionalPropertiesSchema())));
            List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
            Set<String> nullable = nullableProperties(name, schema, required, bySchemaName);
            Map<String, Schema> changed = new HashMap<>();
            nullable.forEach(property ->
                    changed.put(property, nullable(schema.getProperties().get(property))));
            changed.forEach(schema::addProperty);
        });
    }

    private static boolean mayBeNull(Type type) {
        if (type.kind() == Type.Kind.PRIMITIVE || type.kind() == Type.Kind.ARRAY) {
            return false;
        }
        return !ALWAYS_PRESENT_CONTAINERS.contains(type.name());
    }

    /** The property's schema with {@code null} allowed: a type list gains "null", a reference becomes an anyOf. */
    static Schema nullable(Schema schema) {
        if (schema.getRef() != null || schema.getAllOf() != null || schema.getOneOf() != null) {
            String ref = schema.getRef();
            Schema target = ref != null ? OASFactory.createSchema().ref(ref) : copyOfComposition(schema);
            Schema wrapper = OASFactory.createSchema()
                    .description(schema.getDescription())
                    .addAnyOf(target)
                    .addAnyOf(OASFactory.createSchema().addType(Schema.SchemaType.NULL));
            if (schema.getDeprecated() != null) {
                wrapper.setDeprecated(schema.getDeprecated());
            }
            return wrapper;
        }
        if (schema.getAnyOf() != null) {
            if (schema.getAnyOf().stream().noneMatch(NullableFieldsOpenApiFilter::isNullType)) {
                schema.addAnyOf(OASFactory.createSchema().addType(Schema.SchemaType.NULL));
            }
            return schema;
        }
        if (schema.getType() != null && !schema.getType().contains(Schema.SchemaType.NULL)) {
            schema.addType(Schema.SchemaType.NULL);
            if (schema.getEnumeration() != null && !schema.getEnumeration().contains(null)) {
                // addEnumeration(null) is a no-op in the model: without null in it, the enum refused the null
                // that the type allows.
                List<Object> values = new java.util.ArrayList<>(schema.getEnumeration());
                values.add(null);
                schema.setEnumeration(values);
            }
        }
        return schema;
    }

    private static Schema copyOfComposition(Schema schema) {
        Schema copy = OASFactory.createSchema();
        copy.setAllOf(schema.getAllOf());
        copy.setOneOf(schema.getOneOf());
        copy.setType(schema.getType());
        return copy;
    }

    private static boolean isNullType(Schema schema) {
        return schema.getType() != null && schema.getType().equals(List.of(Schema.SchemaType.NULL));
    }

    /** The application's types by the name of their schema: the name given by {@code @Schema}, else the simple name. */
    private Map<String, List<ClassInfo>> schemaTypes() {
        Map<String, List<ClassInfo>> byName = new HashMap<>();
        for (ClassInfo type : index.getKnownClasses()) {
            if (!type.name().toString().startsWith(APP_PACKAGE)) {
                continue;
            }
            AnnotationInstance schema = type.declaredAnnotation(SCHEMA);
            AnnotationValue name = schema == null ? null : schema.value("name");
            String schemaName = name != null ? name.asString() : type.simpleName();
            if (schemaName == null) {
                continue; // anonymous
            }
            List<ClassInfo> named = byName.computeIfAbsent(schemaName, n -> new ArrayList<>());
            // The index is a composite of several: a type may be listed more than once.
            if (named.stream().noneMatch(known -> known.name().equals(type.name()))) {
                named.add(type);
            }
        }
        return byName;
    }

    /**
     * The properties of the schema that may be null, by the rule, from the Java type behind it. Several types may
     * carry the schema's name (nested records such as {@code Attachment}); those that have a member for every
     * property are the candidates, and they must agree.
     */
    private Set<String> nullableProperties(
            String schemaName, Schema schema, List<String> required, Map<String, List<ClassInfo>> bySchemaName) {
        List<ClassInfo> candidates = bySchemaName.get(schemaName);
        if (candidates == null) {
            // A generic type's schema is named after the type and its arguments: Page + ConversationSummary.
            candidates = bySchemaName.entrySet().stream()
                    .filter(e -> schemaName.startsWith(e.getKey()))
                    .flatMap(e -> e.getValue().stream())
                    .filter(type -> !type.typeParameters().isEmpty())
                    .toList();
        }
        Set<Set<String>> answers = new HashSet<>();
        for (ClassInfo type : candidates) {
            Set<String> nullable = new TreeSet<>();
            boolean covers = true;
            for (String property : schema.getProperties().keySet()) {
                Optional<Type> member = memberType(type, property);
                if (member.isEmpty()) {
                    covers = false;
                    break;
                }
                if (!required.contains(property) && !omitsNulls(type) && mayBeNull(member.get())) {
                    nullable.add(property);
                }
            }
            if (covers) {
                answers.add(nullable);
            }
        }
        if (answers.size() > 1) {
            throw new IllegalStateException("Schema " + schemaName + " stands for several types that disagree on"
                    + " which fields may be null: name their schemas with @Schema(name = ...)");
        }
        return answers.isEmpty() ? Set.of() : answers.iterator().next();
    }

    private boolean omitsNulls(ClassInfo type) {
        AnnotationInstance include = type.declaredAnnotation(JSON_INCLUDE);
        return include != null
                && include.value() != null
                && !"ALWAYS".equals(include.value().asEnum());
    }

    /** The type of the record component or field (of the type or a supertype) serialised under this name. */
    private Optional<Type> memberType(ClassInfo type, String property) {
        for (ClassInfo current = type; current != null; current = superclass(current)) {
            if (current.isRecord()) {
                for (var component : current.recordComponents()) {
                    if (serialisedName(component.name(), component.field()).equals(property)) {
                        return Optional.of(component.type());
                    }
                }
            }
            for (var field : current.fields()) {
                if (!java.lang.reflect.Modifier.isStatic(field.flags())
                        && serialisedName(field.name(), field).equals(property)) {
                    return Optional.of(field.type());
                }
            }
        }
        return Optional.empty();
    }

    private ClassInfo superclass(ClassInfo type) {
        return type.superName() == null ? null : index.getClassByName(type.superName());
    }

    private static String serialisedName(String name, AnnotationTarget member) {
        AnnotationInstance property = member == null ? null : member.annotation(JSON_PROPERTY);
        return property != null
                        && property.value() != null
                        && !property.value().asString().isEmpty()
                ? property.value().asString()
                : name;
    }
}
