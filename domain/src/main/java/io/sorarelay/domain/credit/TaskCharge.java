package io.sorarelay.domain.credit;

import io.sorarelay.domain.Credits;

import io.sorarelay.domain.VideoTask;

import java.util.Objects;
import java.util.Optional;

/**
 * What a task has done with its price so far. Only {@link Held} moves on, and only once: a
 * captured or released charge is final, which is what makes a settlement happen exactly once.
 */
public sealed interface TaskCharge {
    Credits amount();

    /**
     * What {@code task} has done with its cost, read from its state: held while it runs, captured once COMPLETED,
     * released once FAILED (expiry and an operator's force-fail included) or CANCELLED. Empty for a free task.
     */
    static Optional<TaskCharge> of(VideoTask task) {
        if (task.cost().value() == 0) return Optional.empty();
        Held held = new Held(task.cost());
        return Optional.of(switch (task.status()) {
            case QUEUED, PROCESSING -> held;
            case COMPLETED -> held.capture();
            case FAILED, CANCELLED -> held.release();
        });
    }

    /** The name a task view shows: {@code held}, {@code charged} or {@code released}. */
    String label();

    record Held(Credits amount) implements TaskCharge {
        public Held { Objects.requireNonNull(amount); }

        public Captured capture() { return new Captured(amount); }

        public Released release() { return new Released(amount); }

        @Override public String label() { return "held"; }
    }

    record Captured(Credits amount) implements TaskCharge {
        public Captured { Objects.requireNonNull(amount); }

        @Override public String label() { return "charged"; }
    }

    record Released(Credits amount) implements TaskCharge {
        public Released { Objects.requireNonNull(amount); }

        @Override public String label() { return "released"; }
    }
}
