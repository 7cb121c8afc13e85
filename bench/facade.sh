#!/usr/bin/env bash
# The OpenAI-compatible front door's create (POST /v1/videos) against the /api create (POST /api/relay/sora/videos)
# through HTTP on the in-memory store, engine off, at 1/8/32 clients, same server, same run (printed as a ratio).
# Loopback only; a few minutes. Target: /v1 at >= 0.9 of /api.
. "$(dirname "$0")/lib.sh"
run_bench bootstrap io.sorarelay.bootstrap.bench.FacadeBench "-Xms1g -Xmx6g ${BENCH_JVM_OPTS:-}"
