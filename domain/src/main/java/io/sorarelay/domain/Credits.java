package io.sorarelay.domain;

/** A whole number of credits: money in the relay is never a fraction, so it is never a floating point. */
public record Credits(long value) implements Comparable<Credits> {
    public static final Credits ZERO = new Credits(0);

    public Credits {
        if (value < 0) throw new IllegalArgumentException("credits must not be negative");
    }

    public static Credits of(long value) { return new Credits(value); }

    public Credits plus(Credits other) { return new Credits(Math.addExact(value, other.value)); }

    /** The difference; a result below zero is a broken invariant of the caller, so it throws. */
    public Credits minus(Credits other) { return new Credits(Math.subtractExact(value, other.value)); }

    public boolean isAtLeast(Credits other) { return value >= other.value; }

    public Credits times(long factor) { return new Credits(Math.multiplyExact(value, factor)); }

    @Override public int compareTo(Credits other) { return Long.compare(value, other.value); }

    @Override public String toString() { return Long.toString(value); }
}
