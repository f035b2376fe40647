package io.switchboard.common.http;

import io.switchboard.common.error.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Answers for requests refused before a resource reads anything of them. */
final class Refusals {

    /** How long, and how much of a refused body, is read and dropped before the connection is closed. */
    private static final long LINGER_MILLIS = 10_000;

    private static final long LINGER_BYTES = 32L * 1024 * 1024;

    private Refusals() {}

    /**
     * Answers {@code status} with the problem document and closes the connection: it cannot carry another request,
     * since the refused request's body is not processed. Vert.x would keep an HTTP/1.1 connection open whatever
     * the response's {@code Connection} header says, so it is closed here, after a lingering close as web servers
     * do it: what the client still sends of its body is read and dropped (up to 32 MiB, for at most 10 s) before the
     * connection closes, so that the client reads the answer instead of a connection reset.
     */
    static void refuseAndClose(RoutingContext ctx, int status, Buffer problem) {
        HttpServerRequest request = ctx.request();
        boolean http1 = request.version() != HttpVersion.HTTP_2;
        if (http1) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(problem)
                .onComplete(written -> {
                    if (http1) {
                        lingerThenClose(ctx, request);
                    }
                });
    }

    private static void lingerThenClose(RoutingContext ctx, HttpServerRequest request) {
        AtomicBoolean closed = new AtomicBoolean();
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                request.connection().close();
            }
        };
        if (request.isEnded()) {
            close.run();
            return;
        }
        long timer = ctx.vertx().setTimer(LINGER_MILLIS, t -> close.run());
        AtomicLong drained = new AtomicLong();
        try {
            request.handler(chunk -> {
                if (drained.addAndGet(chunk.length()) > LINGER_BYTES) {
                    close.run();
                }
            });
            request.endHandler(end -> {
                ctx.vertx().cancelTimer(timer);
                close.run();
            });
            request.exceptionHandler(failure -> close.run());
            request.resume();
        } catch (IllegalStateException alreadyRead) {
            ctx.vertx().cancelTimer(timer);
            close.run();
        }
    }
}
