package io.sorarelay.adapter.memory;

import io.sorarelay.application.port.out.TaskEventPublisher;
import io.sorarelay.application.port.out.TaskEventSubscriptionPort;
import io.sorarelay.domain.TaskEvent;
import io.sorarelay.domain.UserId;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** In-process fan-out of stored events to the owner's live subscribers (one node). */
public final class InMemoryEventBus implements TaskEventPublisher, TaskEventSubscriptionPort {
    private static final System.Logger LOG = System.getLogger(InMemoryEventBus.class.getName());
    private final Map<UserId, Set<Consumer<TaskEvent>>> listeners = new ConcurrentHashMap<>();

    @Override
    public void publish(TaskEvent event) {
        for (Consumer<TaskEvent> l : listeners.getOrDefault(event.owner(), Set.of())) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a subscriber failed: " + e);
            }
        }
    }

    @Override
    public Subscription subscribe(UserId owner, Consumer<TaskEvent> listener) {
        Set<Consumer<TaskEvent>> set = listeners.computeIfAbsent(owner, o -> ConcurrentHashMap.newKeySet());
        set.add(listener);
        return () -> listeners.computeIfPresent(owner, (o, s) -> {
            s.remove(listener);
            return s.isEmpty() ? null : s;
        });
    }

    /** Live subscriptions, all owners. */
    public int subscribers() {
        return listeners.values().stream().mapToInt(Set::size).sum();
    }
}
