package io.switchboard.common.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * HTTP caching of list pages: every page of the API carries a weak entity tag computed from its content, and a
 * read that names it in {@code If-None-Match} gets 304 without a body. A client polling its inbox (or a
 * conversation's messages) then transfers nothing while nothing changed. The page is still read from the
 * database: the tag is the page's content, never a guess about it. The page is serialised once: the bytes the tag
 * is computed from are the bytes sent.
 */
public class PageEntityTags {

    private final ObjectMapper json;

    public PageEntityTags(ObjectMapper json) {
        this.json = json;
    }

    @ServerResponseFilter
    public void tagPages(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() != 200
                || !(response.getEntity() instanceof Page<?> page)
                || !HttpMethod.GET.equals(request.getMethod())) {
            return;
        }
        byte[] body = serialised(page);
        String tag = tag(body);
        response.getHeaders().putSingle(HttpHeaders.ETAG, tag);
        String ifNoneMatch = request.getHeaderString(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && matches(ifNoneMatch, tag)) {
            response.setStatus(Response.Status.NOT_MODIFIED.getStatusCode());
            response.setEntity(null);
        } else {
            response.setEntity(body, response.getEntityAnnotations(), MediaType.APPLICATION_JSON_TYPE);
        }
    }

    private byte[] serialised(Page<?> page) {
        try {
            return json.writeValueAsBytes(page);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A page could not be serialised", e);
        }
    }

    private static String tag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "W/\""
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(digest)
                            .substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** If-None-Match's weak comparison: {@code *} or any listed tag equal but for a {@code W/} prefix. */
    private static boolean matches(String header, String tag) {
        String opaque = tag.substring(2);
        for (String candidate : header.split(",")) {
            String t = candidate.strip();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(opaque)) {
                return true;
            }
        }
        return false;
    }
}
