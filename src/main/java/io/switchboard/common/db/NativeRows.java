package io.switchboard.common.db;

import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.BasicTypeReference;
import org.hibernate.type.StandardBasicTypes;

/**
 * Reads the rows of a native query into records, by column alias: each component of the record names a column of
 * the result (the component {@code startedAt} reads the column aliased {@code started_at}) and its type says how
 * the column is read, declared to Hibernate before the query runs. Components may be {@code String}, an enum (read
 * from its name), {@code long}/{@code Long}, {@code int}/{@code Integer}, {@code double}/{@code Double},
 * {@code boolean}/{@code Boolean}, {@link BigDecimal}, {@link LocalDate} (a DATE column) or {@link Instant}.
 *
 * <p>An {@code Instant} component reads a DATETIME column as UTC, as the entities store it: this is the one
 * conversion from stored instants, independent of the JVM's time zone (a raw native result would come back as a
 * LocalDateTime in the JVM's zone, and java.sql types stay in this package). A primitive component refuses a NULL
 * column; use the boxed type where the column may be NULL.
 *
 * <pre>{@code
 * record Session(String operatorId, Instant startedAt, long durationSeconds) {}
 * List<Session> sessions = NativeRows.list(
 *         em.createNativeQuery("SELECT operator_id, started_at, duration_seconds FROM work_session WHERE ...")
 *                 .setParameter("tenant", tenant),
 *         Session.class);
 * }</pre>
 */
public final class NativeRows {

    private NativeRows() {}

    private static final ClassValue<Shape<?>> SHAPES = new ClassValue<>() {
        @Override
        protected Shape<?> computeValue(Class<?> type) {
            return Shape.of(type.asSubclass(Record.class));
        }
    };

    /** Every row of the query (made by {@code createNativeQuery(sql)}, its parameters set), as records. */
    public static <R extends Record> List<R> list(Query query, Class<R> type) {
        @SuppressWarnings("unchecked")
        Shape<R> shape = (Shape<R>) SHAPES.get(type);
        NativeQuery<?> nativeQuery = query.unwrap(NativeQuery.class);
        for (Column column : shape.columns) {
            nativeQuery.addScalar(column.alias, column.type);
        }
        List<?> rows = nativeQuery.getResultList();
        List<R> records = new ArrayList<>(rows.size());
        for (Object row : rows) {
            records.add(shape.read(row));
        }
        return records;
    }

    /** The query's first row, if any (the query itself is not limited). */
    public static <R extends Record> Optional<R> first(Query query, Class<R> type) {
        return list(query, type).stream().findFirst();
    }

    /** {@code startedAt} to {@code started_at}. */
    static String alias(String component) {
        StringBuilder alias = new StringBuilder(component.length() + 4);
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (Character.isUpperCase(c)) {
                alias.append('_').append(Character.toLowerCase(c));
            } else {
                alias.append(c);
            }
        }
        return alias.toString();
    }

    private record Column(String alias, BasicTypeReference<?> type, Class<?> javaType) {

        static Column of(RecordComponent component) {
            Class<?> t = component.getType();
            return new Column(NativeRows.alias(component.getName()), typeOf(t, component), t);
        }

        private static BasicTypeReference<?> typeOf(Class<?> t, RecordComponent component) {
            if (t == String.class || t.isEnum()) {
                return StandardBasicTypes.STRING;
            } else if (t == Instant.class) {
                return StandardBasicTypes.INSTANT;
            } else if (t == LocalDate.class) {
                return StandardBasicTypes.LOCAL_DATE;
            } else if (t == long.class || t == Long.class) {
                return StandardBasicTypes.LONG;
            } else if (t == int.class || t == Integer.class) {
                return StandardBasicTypes.INTEGER;
            } else if (t == double.class || t == Double.class) {
                return StandardBasicTypes.DOUBLE;
            } else if (t == boolean.class || t == Boolean.class) {
                return StandardBasicTypes.BOOLEAN;
            } else if (t == BigDecimal.class) {
                return StandardBasicTypes.BIG_DECIMAL;
            } else if (t == byte[].class) {
                return StandardBasicTypes.BINARY;
            }
            throw new IllegalArgumentException("A native row cannot hold " + t.getName() + " ("
                    + component.getDeclaringRecord().getName() + "." + component.getName() + ")");
        }

        Object value(Object raw) {
            if (raw == null) {
                if (javaType.isPrimitive()) {
                    throw new IllegalStateException("Column " + alias + " is NULL; read it as a boxed type");
                }
                return null;
            }
            if (javaType.isEnum()) {
                return enumValue(javaType, (String) raw);
            }
            return raw;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static Object enumValue(Class<?> type, String name) {
            return Enum.valueOf((Class) type, name);
        }
    }

    private record Shape<R extends Record>(List<Column> columns, Constructor<R> constructor) {

        static <R extends Record> Shape<R> of(Class<R> type) {
            RecordComponent[] components = type.getRecordComponents();
            if (components == null) {
                throw new IllegalArgumentException(type.getName() + " is not a record");
            }
            List<Column> columns = new ArrayList<>();
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                columns.add(Column.of(components[i]));
                types[i] = components[i].getType();
            }
            try {
                Constructor<R> constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return new Shape<>(List.copyOf(columns), constructor);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(type.getName() + " has no canonical constructor", e);
            }
        }

        R read(Object row) {
            Object[] raw = row instanceof Object[] values
                    ? values
                    : row instanceof Tuple tuple ? tuple.toArray() : new Object[] {row};
            if (raw.length != columns.size()) {
                throw new IllegalStateException(
                        "Row has " + raw.length + " columns, " + constructor.getName() + " " + columns.size());
            }
            Object[] args = new Object[raw.length];
            for (int i = 0; i < raw.length; i++) {
                args[i] = columns.get(i).value(raw[i]);
            }
            try {
                return constructor.newInstance(args);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
