package io.switchboard.scheduling;

import io.switchboard.common.error.ApiException;
import io.switchboard.common.error.Problem;
import java.util.List;

/**
 * 422: the post is well-formed, but a channel cannot carry it (too long for X, too many SMS segments, an email
 * broadcast without a subject, a channel that cannot publish…); {@code errors} names each target's problem.
 */
public class PostRejectedException extends ApiException {

    private final List<Problem.FieldError> errors;

    public PostRejectedException(List<Problem.FieldError> errors) {
        super(
                422,
                "post-rejected",
                "Post rejected",
                String.join(
                        "; ",
                        errors.stream().map(e -> e.field() + ": " + e.message()).toList()));
        this.errors = List.copyOf(errors);
    }

    @Override
    public List<Problem.FieldError> errors() {
        return errors;
    }
}
