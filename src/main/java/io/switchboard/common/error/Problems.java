package io.switchboard.common.error;

import jakarta.ws.rs.core.Response;

/** Builds problem responses with the right media type. */
public final class Problems {

    private Problems() {}

    public static Response response(Problem problem) {
        return builder(problem).build();
    }

    public static Response.ResponseBuilder builder(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
