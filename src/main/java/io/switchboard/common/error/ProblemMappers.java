package io.switchboard.common.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.switchboard.common.db.StatementTimeLimits;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where exceptions become responses. Every error leaves as {@code application/problem+json};
 * no response ever carries a stack trace, an exception message from a library, or a class name.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** MariaDB's "Illegal mix of collations" for two, three and more operands. */
    private static final Set<Integer> UNMATCHABLE_TEXT_ERRORS = Set.of(1267, 1270, 1271);

    private final Counter statementTimeouts;

    public ProblemMappers(MeterRegistry metrics) {
        this.statementTimeouts = metrics.counter("switchboard.reads.statement.timeouts");
    }

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        Response.ResponseBuilder builder =
                Problems.builder(new Problem(e.type(), e.title(), e.status(), e.getMessage(), null, e.errors()));
        if (e instanceof InvalidSignatureException signature && signature.challenge() != null) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, signature.challenge());
        }
        if (e instanceof TooManyRequestsException tooMany) {
            builder.header(HttpHeaders.RETRY_AFTER, Long.toString(tooMany.retryAfterSeconds()));
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; "));
        return apiException(new InvalidRequestException(detail, errors));
    }

    @ServerExceptionMapper
    public Response jsonProblem(JsonProcessingException e) {
        return apiException(describeJsonProblem(e));
    }

    /** Declared for the exact type so that it wins over Quarkus's built-in mapper, which reveals Java types. */
    @ServerExceptionMapper
    public Response jsonMismatch(MismatchedInputException e) {
        return apiException(describeJsonProblem(e));
    }

    /** The service sheds load instead of queueing without bound; callers (and providers) retry. */
    @ServerExceptionMapper
    public Response overloaded(java.util.concurrent.RejectedExecutionException e) {
        return Problems.builder(new Problem(
                        ProblemTypes.of("overloaded"),
                        "Service Unavailable",
                        503,
                        "The service is busy; retry after the indicated delay",
                        null,
                        null))
                .header(HttpHeaders.RETRY_AFTER, "1")
                .build();
    }

    /**
     * Two transactions wanted the same rows at once and the database gave up on one of them (deadlock, lock
     * timeout, or an optimistic version check): nothing was changed, and the same request can simply be repeated.
     * The writes that matter most have run again already ({@link io.switchboard.common.db.RetryOnLockConflict}).
     */
    @ServerExceptionMapper({
        jakarta.persistence.PessimisticLockException.class,
        jakarta.persistence.LockTimeoutException.class,
        jakarta.persistence.OptimisticLockException.class
    })
    public Response concurrentChange(jakarta.persistence.PersistenceException e, HttpHeaders headers) {
        return lockConflict(e, headers);
    }

    private Response lockConflict(Throwable e, HttpHeaders headers) {
        String correlationId = CorrelationIds.fromHeaderOrNew(headers.getHeaderString(CorrelationIds.HEADER));
        LOG.infof("Refused a request that lost a lock conflict, correlationId=%s: %s", correlationId, e.toString());
        return unavailable(
                correlationId,
                1,
                "Another change to the same records got in the way, and the database rolled this one back;"
                        + " nothing was changed. Try again");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthenticated();
    }

    @ServerExceptionMapper
    public Response authenticationCompletion(AuthenticationCompletionException e) {
        return unauthenticated();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthenticated();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return apiException(new AccessDeniedException("Your role does not allow this operation"));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpHeaders headers) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return jsonProblem(json);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            if (e.getMessage() != null && e.getMessage().contains("parsing multipart")) {
                // The body ended before its closing boundary (or never had one): a malformed multipart body.
                return apiException(
                        new InvalidRequestException("The multipart body is malformed (no closing boundary)", null));
            }
            return unexpected(e, headers, null);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Error" : type.getReasonPhrase();
        String detail = switch (status) {
            case 400 -> "The request could not be read";
            case 404 -> "No resource at this path";
            case 405 -> "This method is not allowed on this resource";
            case 406 -> "None of the accepted media types can be produced";
            case 413 -> "The request body is too large";
            case 415 -> "This media type is not supported here";
            default -> title;
        };
        Response.ResponseBuilder builder =
                Problems.builder(new Problem(ProblemTypes.of(slug(title)), title, status, detail, null, null));
        if (status == 405 && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            builder.header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW));
        }
        return builder.build();
    }

    /**
     * The connection closed while the body was read: a client that stalled past the idle timeout (or went away).
     * Nobody receives the answer; it is not a server error, so it is logged quietly.
     */
    @ServerExceptionMapper
    public Response bodyNotReceived(java.io.IOException e, HttpHeaders headers) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof io.vertx.core.http.HttpClosedException) {
                LOG.debug("The connection closed before the request body was received", e);
                return apiException(new InvalidRequestException("The request body was not received completely", null));
            }
        }
        if (e.getMessage() != null && e.getMessage().contains("parsing multipart")) {
            // The body ended before its closing boundary (or never had one): a malformed multipart body.
            return apiException(
                    new InvalidRequestException("The multipart body is malformed (no closing boundary)", null));
        }
        return unexpected(e, headers, null);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpHeaders headers, UriInfo uri) {
        if (unmatchableText(e)) {
            return unmatchableText(uri);
        }
        if (unparseableMediaType(e)) {
            return apiException(new InvalidRequestException(
                    "The Content-Type or Accept header is not a media type (such as application/json)", null));
        }
        String correlationId = CorrelationIds.fromHeaderOrNew(headers.getHeaderString(CorrelationIds.HEADER));
        if (identityProviderUnreachable(e)) {
            // Keycloak cannot be reached to check the token (a replica started while it was down): not the caller's
            // fault; the next request tries to reach it again, so this recovers without a restart.
            LOG.warnf("Identity provider unavailable, correlationId=%s: %s", correlationId, e.toString());
            return unavailable(
                    correlationId, 5, "The identity provider cannot be reached to verify the token. Try again shortly");
        }
        if (StatementTimeLimits.exceeded(e)) {
            // A read ran into its statement time limit: the server interrupted it, the transaction rolled back and
            // the connection is back in the pool. The read is too slow right now, not wrong.
            statementTimeouts.increment();
            LOG.warnf(
                    "Statement time limit exceeded, correlationId=%s: %s %s",
                    correlationId, uri == null ? "" : uri.getPath(), e.toString());
            return unavailable(
                    correlationId,
                    5,
                    "The request took longer than the database may spend on it; nothing was changed. Try"
                            + " again shortly, or narrow the request");
        }
        if (io.switchboard.common.db.LockConflictRetries.lockConflict(e)) {
            // As reported by raw JDBC work (a Hibernate JDBCException rather than JPA's lock exceptions).
            return lockConflict(e, headers);
        }
        if (databaseUnreachable(e)) {
            // Not the request's fault and not a bug: the database is restarting or unreachable. Nothing was stored;
            // the caller (a provider retrying its webhook, an SPA) should simply try again shortly.
            LOG.warnf("Database unavailable, correlationId=%s: %s", correlationId, e.toString());
            return unavailable(
                    correlationId,
                    5,
                    "The service cannot reach its database right now; nothing was stored. Try again shortly");
        }
        LOG.error("Unexpected error, correlationId=" + correlationId, e);
        return Problems.builder(new Problem(
                        ProblemTypes.of("internal-error"),
                        "Internal server error",
                        500,
                        "An unexpected error occurred; quote the correlation id when reporting it",
                        correlationId,
                        null))
                .header(CorrelationIds.HEADER, correlationId)
                .build();
    }

    /** 503 {@code service-unavailable}: nothing was done, and the same request may be repeated after a wait. */
    private static Response unavailable(String correlationId, int retryAfterSeconds, String detail) {
        return Problems.builder(new Problem(
                        ProblemTypes.of("service-unavailable"),
                        "Service unavailable",
                        503,
                        detail,
                        correlationId,
                        null))
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds))
                .header(CorrelationIds.HEADER, correlationId)
                .build();
    }

    /** Whether {@code e} says the OIDC provider could not be reached (Quarkus OIDC's "OIDC Server is not available"). */
    static boolean identityProviderUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.quarkus.oidc.OIDCException
                    && t.getMessage() != null
                    && t.getMessage().contains("not available")) {
                return true;
            }
        }
        return false;
    }

    /**
     * MariaDB errors that say "not now" rather than "wrong": lock wait timeout (1205), deadlock (1213) and a full
     * lock table (1206). The transaction rolled back; the request can simply be repeated.
     */
    private static final java.util.Set<Integer> BUSY_DATABASE_ERRORS = java.util.Set.of(1205, 1206, 1213);

    /**
     * Whether {@code e} comes from a database connection that is lost or cannot be had (SQLState class 08), or from
     * a database too busy to finish the transaction now.
     */
    static boolean databaseUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof org.hibernate.exception.JDBCConnectionException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql
                    && ((sql.getSQLState() != null && sql.getSQLState().startsWith("08"))
                            || BUSY_DATABASE_ERRORS.contains(sql.getErrorCode()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Ids, keys and cursors are ASCII columns, and MariaDB refuses to compare one with text outside ASCII ("Illegal
     * mix of collations") instead of finding nothing. Such a value names nothing: a 404 when it is in the path, else
     * a 400 for the value that cannot be an id (a filter, a cursor or a reference in the body).
     */
    private Response unmatchableText(UriInfo uri) {
        boolean inPath = uri != null
                && uri.getPathParameters().values().stream()
                        .flatMap(List::stream)
                        .anyMatch(value -> !value.chars().allMatch(ch -> ch < 0x80));
        if (inPath) {
            return apiException(new ResourceNotFoundException("No resource has this id"));
        }
        return apiException(new InvalidRequestException(
                "A value that should be an id, key or cursor contains characters none of them has", null));
    }

    /** RESTEasy Reactive fails on a Content-Type or Accept header it cannot parse before any resource is chosen. */
    private static boolean unparseableMediaType(Throwable e) {
        return e instanceof IllegalArgumentException
                && e.getStackTrace().length > 0
                && e.getStackTrace()[0].getClassName().endsWith(".MediaTypeHeaderDelegate");
    }

    private static boolean unmatchableText(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNMATCHABLE_TEXT_ERRORS.contains(sql.getErrorCode())) {
                LOG.debug("Refused a value no ASCII id or key can match", e);
                return true;
            }
        }
        return false;
    }

    private Response unauthenticated() {
        return Problems.builder(new Problem(
                        ProblemTypes.of("unauthorized"),
                        "Unauthorized",
                        401,
                        "A valid bearer token is required",
                        null,
                        null))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    private static InvalidRequestException describeJsonProblem(JsonProcessingException e) {
        if (e instanceof JsonParseException || !(e instanceof JsonMappingException mapping)) {
            return new InvalidRequestException("The request body is not valid JSON", null);
        }
        String field = jsonPath(mapping);
        String message;
        if (e instanceof UnrecognizedPropertyException) {
            message = "is not a known property";
        } else if (e instanceof InvalidFormatException format) {
            message = "has an invalid value" + (format.getValue() == null ? "" : " '" + format.getValue() + "'");
        } else {
            message = "has the wrong type or shape";
        }
        if (field.isEmpty()) {
            return new InvalidRequestException("The request body does not have the expected shape", null);
        }
        return InvalidRequestException.ofField(field, message);
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Drops the method and parameter nodes of a REST parameter violation, keeping the client's view. */
    private static String fieldName(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.isInIterable()) {
                // The index belongs to the container holding this node: items[0].label
                field.append('[')
                        .append(node.getIndex() != null ? node.getIndex() : node.getKey())
                        .append(']');
            }
            if (node.getName() == null) {
                continue;
            }
            if (!field.isEmpty()) {
                field.append('.');
            }
            field.append(node.getName());
        }
        if (!field.isEmpty()) {
            return field.toString();
        }
        return parameter == null ? "request" : parameter;
    }

    private static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }
}
