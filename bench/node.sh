#!/usr/bin/env bash
# The whole node under open-loop creates, engine on: the packaged server jar (production mode on PostgreSQL) and the
# simulator jar (jobs longer than the run) as processes; offered create rates stepping up; per step create p50/p99 at
# the client, create -> upstream-id lag p99 from the task rows, relay and simulator CPU per task; the highest rate with
# create p99 <= 50 ms and lag p99 <= 1 s as a ratio of pgbench's raw single-row INSERT (32 clients) in the same run.
# Shapes: 1 user and 32 users, 32 keep-alive connections each. A throw-away database per shape, dropped afterwards
# (PGHOST/PGPORT/PGUSER/PGPASSWORD, default 127.0.0.1:5432 user postgres; needs pgbench). Knobs: BENCH_RATES
# (offered creates/s, comma-separated), BENCH_SECONDS (per step, 10), BENCH_USERS (1,32), BENCH_RELAY_JVM_OPTS (e.g. a
# JFR recording), BENCH_RELAY_ENV (K=V,K=V added to the relay's environment). Stops after the second failing step.
. "$(dirname "$0")/lib.sh"
command -v pgbench >/dev/null || { echo "bench/node.sh needs pgbench (PostgreSQL client tools)" >&2; exit 1; }
# The bench runs the packaged jars: build and install the working tree's modules first.
run_bench bootstrap io.sorarelay.bootstrap.bench.NodeBench "-Xmx512m -Dbench.relayJar=$root/bootstrap/target/sora-relay.jar -Dbench.simulatorJar=$root/sora-simulator/target/sora-simulator.jar -Dbench.rates=${BENCH_RATES:-50,100,200,400,600,800,1200,1600} -Dbench.seconds=${BENCH_SECONDS:-10} -Dbench.users=${BENCH_USERS:-1,32} -Dbench.relayJvmOpts='${BENCH_RELAY_JVM_OPTS:--Xmx1g}' -Dbench.relayEnv=${BENCH_RELAY_ENV:-}"
