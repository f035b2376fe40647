package io.switchboard.channel;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record CreateChannelRequest(
        @NotNull ChannelKind kind,
        @NotBlank @Size(max = 200) String name,

        @Schema(description = """
                        Per kind: SMS {accountSid, authToken, phoneNumber}; FACEBOOK {pageId, appSecret, \
                        verifyToken, pageAccessToken}; X {userId, consumerSecret, accessToken}; EMAIL {address, \
                        signingKey, imap?: {host, port, username, password, folder, ssl}}; CHAT {identitySecret}; \
                        API none.""", implementation = Object.class)
        JsonNode config) {}
