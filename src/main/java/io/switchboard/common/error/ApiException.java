package io.switchboard.common.error;

import java.util.List;

/**
 * The root of the errors the API reports on purpose. Each subclass is one kind of problem; {@link
 * ProblemMappers} turns them into responses in one place.
 */
public abstract class ApiException extends RuntimeException {

    private final String slug;
    private final String title;
    private final int status;

    protected ApiException(int status, String slug, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String type() {
        return ProblemTypes.of(slug);
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return null;
    }
}
