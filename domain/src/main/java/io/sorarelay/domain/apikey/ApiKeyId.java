package io.sorarelay.domain.apikey;

import io.sorarelay.domain.InvalidValueException;

import java.util.regex.Pattern;

/** An API key's public id ({@code key_} and hex), what a client names to revoke it; never a secret. */
public record ApiKeyId(String value) {
    private static final Pattern FORM = Pattern.compile("key_[0-9a-f]{8,40}");

    public ApiKeyId {
        if (value == null || !FORM.matcher(value).matches()) throw new InvalidValueException("id", "not an API key id");
    }

    @Override public String toString() { return value; }
}
