package io.switchboard.common.api;

import io.switchboard.common.error.Problem;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Documents on every operation that errors come as {@code application/problem+json}, and on every operation of the
 * rate-limited paths (API, webhooks, chat widget) the 429 with {@code Retry-After}; on API reads the 503 with
 * {@code Retry-After} of an overloaded server.
 */
public class ProblemResponsesOpenApiFilter implements OASFilter {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final java.util.List<String> RATE_LIMITED = java.util.List.of("/api/", "/webhooks/", "/public/");

    @Override
    public void filterOpenAPI(org.eclipse.microprofile.openapi.models.OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (RATE_LIMITED.stream().noneMatch(path::startsWith)) {
                return;
            }
            if (path.startsWith("/api/") && item.getGET() != null && !streams(item.getGET())) {
                addOverloaded(item.getGET());
            }
            item.getOperations().values().forEach(operation -> {
                if (operation.getResponses() != null && operation.getResponses().getAPIResponse("429") == null) {
                    operation
                            .getResponses()
                            .addAPIResponse(
                                    "429",
                                    OASFactory.createAPIResponse()
                                            .description("The tenant sends faster than its rate limit (rate-limited);"
                                                    + " nothing was done")
                                            .addHeader(
                                                    "Retry-After",
                                                    OASFactory.createHeader()
                                                            .description("Seconds to wait")
                                                            .schema(OASFactory.createSchema()
                                                                    .addType(
                                                                            org.eclipse.microprofile.openapi.models
                                                                                    .media.Schema.SchemaType.INTEGER)))
                                            .content(problemContent()));
                }
            });
        });
    }

    /** Live streams stay open and are not bounded reads (see limits/ReadConcurrencyFilter). */
    private static boolean streams(Operation operation) {
        if (operation.getResponses() == null || operation.getResponses().getAPIResponse("200") == null) {
            return false;
        }
        Content content = operation.getResponses().getAPIResponse("200").getContent();
        return content != null
                && content.getMediaTypes() != null
                && content.getMediaTypes().containsKey("text/event-stream");
    }

    /** API reads are refused at once when too many run, and stopped when a statement runs too long. */
    private static void addOverloaded(Operation operation) {
        if (operation.getResponses() == null || operation.getResponses().getAPIResponse("503") != null) {
            return;
        }
        operation
                .getResponses()
                .addAPIResponse(
                        "503",
                        OASFactory.createAPIResponse()
                                .description("Too many reads run at once on this server, for the tenant or in all, or"
                                        + " the read took longer than its statement time limit"
                                        + " (service-unavailable); retry after the indicated delay")
                                .addHeader(
                                        "Retry-After",
                                        OASFactory.createHeader()
                                                .description("Seconds to wait")
                                                .schema(OASFactory.createSchema()
                                                        .addType(
                                                                org.eclipse.microprofile.openapi.models.media.Schema
                                                                        .SchemaType.INTEGER)))
                                .content(problemContent()));
    }

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() == null) {
            return operation;
        }
        for (var entry : operation.getResponses().getAPIResponses().entrySet()) {
            if (entry.getKey().startsWith("4") || entry.getKey().startsWith("5")) {
                entry.getValue().setContent(problemContent());
            }
        }
        if (operation.getResponses().getDefaultValue() == null) {
            APIResponse problem = OASFactory.createAPIResponse()
                    .description("Error: an RFC 9457 problem document")
                    .content(problemContent());
            operation.getResponses().setDefaultValue(problem);
        }
        return operation;
    }

    private static Content problemContent() {
        return OASFactory.createContent()
                .addMediaType(
                        Problem.MEDIA_TYPE,
                        OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().ref(PROBLEM_REF)));
    }
}
