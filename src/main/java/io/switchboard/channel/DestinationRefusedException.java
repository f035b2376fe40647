package io.switchboard.channel;

import io.switchboard.common.error.ApiException;
import io.switchboard.common.error.Problem;
import java.util.List;

/** 422: a channel setting points where the service may not connect for a tenant (the egress policy). */
public class DestinationRefusedException extends ApiException {

    private final List<Problem.FieldError> errors;

    public DestinationRefusedException(List<Problem.FieldError> errors) {
        super(
                422,
                "destination-refused",
                "Destination refused",
                String.join(
                        "; ",
                        errors.stream().map(e -> e.field() + " " + e.message()).toList()));
        this.errors = List.copyOf(errors);
    }

    @Override
    public List<Problem.FieldError> errors() {
        return errors;
    }
}
