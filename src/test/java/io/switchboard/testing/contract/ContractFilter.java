package io.switchboard.testing.contract;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks every exchange a test makes with the service through REST Assured against the spec ({@link ApiContract}):
 * a mismatch fails the request, and so the test that made it. Every mismatch is also appended to
 * {@code target/contract-mismatches.log}, one a line. {@code -Dcontract.fail=false} only records them (to count
 * them over a whole run).
 */
public final class ContractFilter implements Filter {

    static final Path LOG = Path.of("target", "contract-mismatches.log");

    private final ApiContract contract = ApiContract.load();

    /** Installs the filter for every later REST Assured request of this class loader, once. */
    public static void install() {
        if (RestAssured.filters().stream().noneMatch(f -> f instanceof ContractFilter)) {
            RestAssured.filters(new ContractFilter());
        }
    }

    @Override
    public Response filter(
            FilterableRequestSpecification request, FilterableResponseSpecification responseSpec, FilterContext ctx) {
        Response response = ctx.next(request, responseSpec);
        URI uri = URI.create(request.getURI());
        // Only the service: tests also drive WireMock and other servers with REST Assured.
        if (uri.getPort() != RestAssured.port && request.getPort() != RestAssured.port) {
            return response;
        }
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        if (!ApiContract.covers(uri.getRawPath())) {
            return response;
        }
        String contentType = response.getContentType();
        byte[] body =
                contentType != null && contentType.startsWith("text/event-stream") ? null : response.asByteArray();
        ApiContract.Exchange exchange = new ApiContract.Exchange(
                request.getMethod(),
                target,
                request.getContentType(),
                requestBody(request),
                response.getStatusCode(),
                contentType,
                body,
                headers(response));
        List<String> mismatches = contract.mismatches(exchange);
        if (!mismatches.isEmpty()) {
            record(mismatches);
            if (!"false".equals(System.getProperty("contract.fail"))) {
                throw new AssertionError("The exchange " + exchange + " breaks openapi/openapi.yaml:\n  "
                        + String.join("\n  ", mismatches));
            }
        }
        return response;
    }

    private static Map<String, List<String>> headers(Response response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.getHeaders()
                .forEach(h -> headers.computeIfAbsent(h.getName(), n -> new ArrayList<>())
                        .add(h.getValue()));
        return headers;
    }

    private static byte[] requestBody(FilterableRequestSpecification request) {
        Object body = request.getBody();
        if (body == null) {
            return null;
        }
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        if (body instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            // Not serialised yet (a map or record given to body()): as REST Assured will send it.
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized void record(List<String> mismatches) {
        try {
            Files.createDirectories(LOG.getParent());
            Files.write(LOG, mismatches, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
