package io.switchboard.common.api;

import io.switchboard.common.error.Problem;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/** Documents on every operation that errors come as {@code application/problem+json}. */
public class ProblemResponsesOpenApiFilter implements OASFilter {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";

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
