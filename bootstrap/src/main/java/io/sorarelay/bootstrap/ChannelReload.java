package io.sorarelay.bootstrap;

import io.sorarelay.application.port.out.Timers;
import io.sorarelay.application.service.ChannelDirectory;

import java.time.Duration;

/**
 * Looks at the channel store's revision every {@code interval} and rebuilds the node's channel directory when another
 * node changed a channel (this node's own changes rebuild it at once). A store that cannot be read leaves the directory
 * as it was until the next look.
 */
final class ChannelReload implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChannelReload.class.getName());

    private final ChannelDirectory directory;
    private final Timers timers;
    private final Duration interval;
    private volatile boolean closed;
    private volatile Timers.Timer next;

    ChannelReload(ChannelDirectory directory, Timers timers, Duration interval) {
        this.directory = directory;
        this.timers = timers;
        this.interval = interval;
    }

    ChannelReload start() {
        schedule();
        return this;
    }

    private void schedule() {
        if (!closed) next = timers.after(interval, this::look);
    }

    private void look() {
        try {
            if (directory.refresh()) LOG.log(System.Logger.Level.INFO, "channels changed: directory reloaded");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "channels not reloaded: " + e.getClass().getSimpleName());
        } finally {
            schedule();
        }
    }

    @Override
    public void close() {
        closed = true;
        Timers.Timer t = next;
        if (t != null) t.cancel();
    }
}
