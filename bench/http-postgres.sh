#!/usr/bin/env bash
# Create-task throughput and p50/p99 through HTTP in PostgreSQL mode at 1/8/32
# clients, next to a raw single-row INSERT into a copy of video_tasks measured in the same run on the
# same pool size (and the server's GET /health/live rate). A throw-away database is created and dropped
# (PostgreSQL: SORA_TEST_DATABASE_URL or PGHOST/PGPORT/PGUSER, default 127.0.0.1:5432 user postgres).
# BENCH_JVM_OPTS adds JVM flags (e.g. a JFR recording). BENCH_CREDITS=true also measures, in the same rounds, a
# second relay on the same store with CREDITS=true (users granted plenty): the hold's cost is the difference.
. "$(dirname "$0")/lib.sh"
run_bench bootstrap io.sorarelay.bootstrap.bench.HttpBench "-Xms1g -Xmx1g ${BENCH_JVM_OPTS:-} -Dbench.postgres=true -Dbench.credits=${BENCH_CREDITS:-false} -Dbench.streams=0"
