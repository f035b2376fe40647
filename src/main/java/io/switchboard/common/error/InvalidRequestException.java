package io.switchboard.common.error;

import java.util.List;

/** 400: the request is well-formed HTTP but its content is not acceptable. */
public class InvalidRequestException extends ApiException {

    private final List<Problem.FieldError> errors;

    public InvalidRequestException(String detail, List<Problem.FieldError> errors) {
        super(400, "invalid-request", "Invalid request", detail);
        this.errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
    }

    public static InvalidRequestException ofField(String field, String message) {
        return new InvalidRequestException(field + " " + message, List.of(new Problem.FieldError(field, message)));
    }

    /** One error per invalid field; the detail names them all. */
    public static InvalidRequestException ofFields(List<Problem.FieldError> errors) {
        return new InvalidRequestException(
                String.join(
                        "; ",
                        errors.stream().map(e -> e.field() + " " + e.message()).toList()),
                errors);
    }

    @Override
    public List<Problem.FieldError> errors() {
        return errors;
    }
}
