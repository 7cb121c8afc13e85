#!/usr/bin/env bash
# Create-task throughput of the PostgreSQL store vs a raw single-row INSERT, same run (2-5 min: the warm-up runs until the JIT has settled).
# PostgreSQL: SORA_TEST_DATABASE_URL or PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE
# (default 127.0.0.1:5432, user postgres); a throw-away database is created and dropped.
. "$(dirname "$0")/lib.sh"
# The virtual-thread lines run on the carriers the server uses (VIRTUAL_THREAD_CARRIERS, else half the processors, as
# bootstrap's VirtualThreadCarriers decides on JDK 24 and later). BENCH_JVM_OPTS adds JVM flags.
carriers=${VIRTUAL_THREAD_CARRIERS:-$(( $(nproc) / 2 ))}
[ "$carriers" -ge 1 ] || carriers=1
run_bench adapter-postgres io.sorarelay.adapter.postgres.bench.PostgresStoreBench "-Xms512m -Xmx512m -Djdk.virtualThreadScheduler.parallelism=$carriers ${BENCH_JVM_OPTS:-}"
