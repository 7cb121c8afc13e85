#!/usr/bin/env bash
# Create-task throughput and p50/p99 through HTTP on the in-memory store at
# 1/8/32 clients next to the same server's GET /health/live rate (same run, printed as a ratio),
# then open SSE streams held (default 10,000; BENCH_STREAMS to change) with the heap per stream.
# Loopback only; a few minutes. The in-memory store keeps every task the bench creates (millions with the
# JIT warm-up), hence the large heap.
. "$(dirname "$0")/lib.sh"
# the SSE clients run in a process of their own; each process needs one descriptor per stream
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
run_bench bootstrap io.sorarelay.bootstrap.bench.HttpBench "-Xms1g -Xmx8g -Dbench.streams=${BENCH_STREAMS:-10000}"
