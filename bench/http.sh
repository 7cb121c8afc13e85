#!/usr/bin/env bash
# Create-task throughput and p50/p99 through HTTP on the in-memory store at
# 1/8/32 clients next to the same server's GET /health/live rate (same run, printed as a ratio),
# then open SSE streams held (default 10,000; BENCH_STREAMS to change) with the heap per stream.
# Loopback only; a few minutes. The in-memory store keeps every task the bench creates (millions with the
# JIT warm-up), hence the large heap.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/jdk.sh"
cd "$root"
# the SSE clients run in a process of their own; each process needs one descriptor per stream
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# The bench runs one module against the others' installed jars: install the working tree's first.
mvn -B -ntp -q install -DskipTests
mvn -B -ntp -q -pl bootstrap test-compile exec:exec \
  -Dexec.classpathScope=test \
  -Dexec.executable="$JAVA_HOME/bin/java" \
  -Dexec.args="-Xms1g -Xmx8g -Dbench.streams=${BENCH_STREAMS:-10000} -cp %classpath io.sorarelay.bootstrap.bench.HttpBench"
