#!/usr/bin/env bash
# An authenticated GET's latency alone and during a flood of wrong-password logins (16 clients), with Argon2id
# hashed on the request's virtual thread (before) and on the hasher's own threads (now); ratios of the medians.
# Loopback, in-memory store, sign-in limits off; about a minute. BENCH_JVM_OPTS adds -Dbench.* knobs
# (bench.seconds, bench.flooders).
. "$(dirname "$0")/lib.sh"
run_bench bootstrap io.sorarelay.bootstrap.bench.LoginFloodBench "-Xms512m -Xmx512m ${BENCH_JVM_OPTS:-}"
