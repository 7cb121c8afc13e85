#!/usr/bin/env bash
# Failover under load: one node on PostgreSQL, two OpenAI-compatible channels (two in-process simulators) for one
# model, 8 clients creating steadily; after 10 s of warm-up and 10 s measured, channel A's simulator stops
# (connections refused). Prints the time from A's first refused submit to the last submit that tried A, the submits
# that waited on A meanwhile, and the same run's create rate before and after. About 50 s after the build.
# Knobs (BENCH_JVM_OPTS): -Dbench.clients (8), -Dbench.warmup (10 s), -Dbench.before (10 s), -Dbench.after (20 s,
# under the breakers' 30 s cooldown).
. "$(dirname "$0")/lib.sh"
run_bench bootstrap io.sorarelay.bootstrap.bench.FailoverBench "-Xms512m -Xmx512m ${BENCH_JVM_OPTS:-}"
