package io.sorarelay.domain.webhook;

import io.sorarelay.domain.InvalidValueException;

import java.util.Objects;

/** An outbound webhook endpoint's id, e.g. {@code whe_3f9a...}: what the routes and the deliveries name it by. */
public record WebhookEndpointId(String value) {
    public static final String PREFIX = "whe_";

    public WebhookEndpointId {
        Objects.requireNonNull(value);
        if (!value.startsWith(PREFIX) || value.length() > 64 || !value.substring(PREFIX.length()).matches("[A-Za-z0-9_-]+"))
            throw new InvalidValueException("id", "not a webhook endpoint id");
    }

    @Override public String toString() { return value; }
}
