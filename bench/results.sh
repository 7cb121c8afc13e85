#!/usr/bin/env bash
# Content served from the results store (a signed link's route, directory store) against the same file from Jetty's
# static ResourceHandler, in the same run: whole downloads and 1 MiB ranges at 1 and 8 clients, ABBA rounds, MiB/s and
# their ratio. Loopback only; about two minutes. Knobs: BENCH_JVM_OPTS (-Dbench.videoMiB=20, -Dbench.seconds=5,
# -Dbench.rounds=4, -Dbench.clients=1,8).
. "$(dirname "$0")/lib.sh"
run_bench bootstrap io.sorarelay.bootstrap.bench.ResultsBench "-Xmx1g ${BENCH_JVM_OPTS:-}"
