package io.switchboard.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem document, the body of every error response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details (media type application/problem+json)")
public record Problem(
        String type,
        String title,
        int status,
        String detail,

        @Schema(description = "Quote it when reporting an unexpected error; the same id is in the service log")
        String correlationId,

        @Schema(description = "One entry per invalid field, on validation errors")
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid input: {@code field} is a JSON path such as {@code config.authToken} or a parameter name. */
    public record FieldError(String field, String message) {}
}
