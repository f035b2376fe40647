package io.switchboard.inbox;

/** Attachment metadata; the content stays with the provider. */
public record MessageAttachment(String url, String contentType, String name, Long size) {}
