package io.sorarelay.bootstrap.archfixture.application.service;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A service that waits on the real clock and runs its own threads: what the concurrency rule must report. */
public final class SleepyService {
    public void retryLater(Runnable call) throws InterruptedException {
        Thread.sleep(100);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            pool.submit(call);
        }
    }
}
