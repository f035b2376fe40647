package io.switchboard.inbox;

import io.switchboard.common.error.InvalidRequestException;
import io.switchboard.common.error.Problem;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How labels are written: Unicode NFC, trimmed, inner white space collapsed to one space, lower-case; 1 to
 * {@value #MAX_LENGTH} characters without commas or control characters; at most {@value #MAX_COUNT} per
 * conversation or contact, duplicates merged. So "VIP", " vip " and "Vip" are one label, and filters match what was set.
 */
public final class Labels {

    static final int MAX_LENGTH = 64;
    static final int MAX_COUNT = 20;

    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");
    private static final Pattern FORBIDDEN = Pattern.compile("[,\\p{Cc}]");

    private Labels() {}

    /** The normalised labels, sorted; reports every invalid one at {@code field[index]}. */
    public static List<String> normalise(List<String> labels, String field) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Set<String> normalised = new LinkedHashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            String raw = labels.get(i);
            String label = raw == null ? "" : normalise(raw);
            String problem = problem(label);
            if (problem != null) {
                errors.add(new Problem.FieldError(field + "[" + i + "]", problem));
            } else {
                normalised.add(label);
            }
        }
        if (errors.isEmpty() && normalised.size() > MAX_COUNT) {
            errors.add(new Problem.FieldError(field, "must not hold more than " + MAX_COUNT + " labels"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("Some labels are not valid", errors);
        }
        return normalised.stream().sorted().toList();
    }

    /**
     * The labels of a filter: a repeatable query parameter whose values may be comma lists, each normalised;
     * every invalid one is reported at {@code field}.
     */
    static Set<String> filter(List<String> parameters, String field) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Set<String> labels = new LinkedHashSet<>();
        for (String parameter : parameters == null ? List.<String>of() : parameters) {
            for (String value : parameter == null ? new String[0] : parameter.split(",")) {
                if (value.isBlank()) {
                    continue;
                }
                String label = normalise(value);
                String problem = problem(label);
                if (problem != null) {
                    errors.add(new Problem.FieldError(field, problem));
                } else {
                    labels.add(label);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw InvalidRequestException.ofFields(errors);
        }
        return labels;
    }

    public static String normalise(String label) {
        String nfc = Normalizer.normalize(label, Normalizer.Form.NFC);
        return WHITE_SPACE.matcher(nfc.strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }

    /** Why a normalised label is not acceptable, or null. */
    public static String problem(String label) {
        if (label.isEmpty()) {
            return "must not be blank";
        }
        if (label.codePointCount(0, label.length()) > MAX_LENGTH) {
            return "must not be longer than " + MAX_LENGTH + " characters";
        }
        if (FORBIDDEN.matcher(label).find()) {
            return "must not contain commas or control characters";
        }
        return null;
    }
}
