package io.switchboard.common.api;

import io.switchboard.common.error.Problem;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Documents on every operation that errors come as {@code application/problem+json}, and on every operation of the
 * rate-limited paths (API, webhooks, chat widget) the 429 with {@code Retry-After}. The error answers every
 * operation of a kind can give are listed by rule (API reads also say that an overloaded server sheds them), so that no operation forgets one: 400 where it takes parameters or
 * a body, 404 where its path names something, 413 and 415 where it takes a body, 503 everywhere (the database
 * refused or rolled back the work: repeat it after Retry-After). Answers only some operations give (409, 412, 422)
 * are declared on them.
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
                if (pages(item.getGET())) {
                    addNotModified(item.getGET());
                }
            }
            item.getOperations().values().forEach(operation -> {
                addErrorsByRule(operation);
                if (operation.getResponses() != null && operation.getResponses().getAPIResponse("429") == null) {
                    operation
                            .getResponses()
                            .addAPIResponse(
                                    "429",
                                    OASFactory.createAPIResponse()
                                            .description(tooManyRequests(path, operation))
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

    /** Why an operation may be answered 429. */
    private static String tooManyRequests(String path, Operation operation) {
        String why = "The tenant sends faster than its rate limit";
        if (!path.startsWith("/api/")) {
            why += ", or this client address asked for too many keys that name no channel";
        }
        if (streams(operation)) {
            why += path.startsWith("/api/")
                    ? ", or the tenant has as many streams open as it may"
                    : ", or the visitor has as many streams open as they may";
        }
        return why + " (rate-limited); nothing was done";
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

    /** A list operation: it pages with a cursor (see {@link Page}). */
    private static boolean pages(Operation operation) {
        return operation.getParameters() != null
                && operation.getParameters().stream()
                        .anyMatch(p -> p.getIn() == Parameter.In.QUERY && "cursor".equals(p.getName()));
    }

    /** Every page is tagged by its content, and unchanged since the tag named by If-None-Match is 304 (see PageEntityTags). */
    private static void addNotModified(Operation operation) {
        APIResponse ok = operation.getResponses() == null
                ? null
                : operation.getResponses().getAPIResponse("200");
        if (ok == null || operation.getResponses().getAPIResponse("304") != null) {
            return;
        }
        ok.addHeader(
                "ETag",
                OASFactory.createHeader()
                        .description("A weak tag of the page's content: send it back in If-None-Match to get 304"
                                + " while the page is unchanged")
                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
        operation
                .getResponses()
                .addAPIResponse(
                        "304",
                        OASFactory.createAPIResponse()
                                .description("The page is unchanged since the tag named by If-None-Match; no body"));
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
                                .description("Too many reads run at once on this server, for the tenant or in all,"
                                        + " the tenant's reads used their share of a busy server's time, or the read"
                                        + " took longer than its statement time limit (service-unavailable); retry"
                                        + " after the indicated delay")
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

    private static void addErrorsByRule(Operation operation) {
        if (operation.getResponses() == null) {
            return;
        }
        var parameters = operation.getParameters() == null ? java.util.List.<Parameter>of() : operation.getParameters();
        boolean body = operation.getRequestBody() != null;
        if (body || !parameters.isEmpty()) {
            addError(operation, "400", "The request is malformed or invalid (invalid-request); nothing was done");
        }
        if (parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.PATH)) {
            addError(operation, "404", "Nothing of that id in the tenant (not-found)");
        }
        if (body) {
            addError(operation, "413", "The body is larger than the service takes");
            addError(operation, "415", "The body's media type is not one the operation takes");
        }
        addError(
                operation,
                "503",
                "The database refused or rolled back the work (a deadlock, a lock timeout); nothing was done:"
                        + " repeat it after Retry-After");
    }

    private static void addError(Operation operation, String status, String description) {
        if (operation.getResponses().getAPIResponse(status) == null) {
            operation
                    .getResponses()
                    .addAPIResponse(
                            status,
                            OASFactory.createAPIResponse()
                                    .description(description)
                                    .content(problemContent()));
        }
    }

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() == null) {
            return operation;
        }
        for (APIResponse response : operation.getResponses().getAPIResponses().values()) {
            // OpenAPI 3.1 wants a schema on every header; ours (ETag, Location, Content-Location...) are strings.
            if (response.getHeaders() != null) {
                response.getHeaders().values().stream()
                        .filter(header -> header.getSchema() == null && header.getContent() == null)
                        .forEach(header ->
                                header.setSchema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
            }
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
