#!/usr/bin/env bash
# Engine bench: BENCH_TASKS (default 10,000) tasks in flight on one node over PostgreSQL, against
# the simulator with log-normal job durations around BENCH_MEDIAN_MS (default 20,000): staleness,
# upstream calls per task vs a fixed 5 s schedule, PostgreSQL row writes vs a raw UPDATE rate measured
# in the same run, heap. BENCH_SWEEP=false turns the upstream sweep off (per-task polls only);
# BENCH_SIGMA (0.5, the log-normal's spread), BENCH_SWEEP_INTERVAL_MS, BENCH_MAX_SECONDS (wait bound); BENCH_WEBHOOKS=true has the (OpenAI-compatible) simulator send signed webhooks that the relay applies at once;
# BENCH_PROVIDERS=mix runs the OpenAI-compatible case, then the same tasks spread over every provider's channel
# (OpenAI-compatible, Runway, Wan, Seedance, Veo, Kling, MiniMax; a simulator each), figures per provider; BENCH_CALLBACKS=true (with mix) gives the relay its own HTTP API as public base URL, so
# Seedance, Veo, Kling and MiniMax tasks finish through their simulator's callback (polled only as a fallback); BENCH_JVM_OPTS adds JVM flags (e.g. a JFR recording). A throw-away database is created and dropped. A few minutes.
. "$(dirname "$0")/lib.sh"
run_bench bootstrap io.sorarelay.bootstrap.bench.EngineBench "-Xms1g -Xmx2g ${BENCH_JVM_OPTS:-} -Dbench.tasks=${BENCH_TASKS:-10000} -Dbench.medianMs=${BENCH_MEDIAN_MS:-20000} -Dbench.sigma=${BENCH_SIGMA:-0.5} -Dbench.sweep=${BENCH_SWEEP:-true} -Dbench.sweepIntervalMs=${BENCH_SWEEP_INTERVAL_MS:-2000} -Dbench.webhooks=${BENCH_WEBHOOKS:-false} -Dbench.callbacks=${BENCH_CALLBACKS:-false} -Dbench.providers=${BENCH_PROVIDERS:-openai} ${BENCH_MAX_SECONDS:+-Dbench.maxSeconds=$BENCH_MAX_SECONDS}"
