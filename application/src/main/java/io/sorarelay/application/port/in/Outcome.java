package io.sorarelay.application.port.in;

import java.util.function.Function;

/** A use case's answer: a value, or the {@link Problem} that prevented it. */
public sealed interface Outcome<T> {
    record Ok<T>(T value) implements Outcome<T> {}

    record Err<T>(Problem problem) implements Outcome<T> {}

    static <T> Outcome<T> ok(T value) { return new Ok<>(value); }

    static <T> Outcome<T> err(Problem problem) { return new Err<>(problem); }

    default <R> Outcome<R> map(Function<? super T, ? extends R> f) {
        return switch (this) {
            case Ok<T> ok -> new Ok<>(f.apply(ok.value()));
            case Err<T> err -> new Err<>(err.problem());
        };
    }

    /** The next step on success; a problem passes through unchanged. */
    default <R> Outcome<R> flatMap(Function<? super T, Outcome<R>> next) {
        return switch (this) {
            case Ok<T> ok -> next.apply(ok.value());
            case Err<T> err -> new Err<>(err.problem());
        };
    }

    /** The value; for tests and callers that already checked. */
    default T orElseThrow() {
        return switch (this) {
            case Ok<T> ok -> ok.value();
            case Err<T> err -> throw new IllegalStateException(err.problem().code() + ": " + err.problem().message());
        };
    }
}
