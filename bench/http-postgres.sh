#!/usr/bin/env bash
# Create-task throughput and p50/p99 through HTTP in PostgreSQL mode at 1/8/32
# clients, next to a raw single-row INSERT into a copy of video_tasks measured in the same run on the
# same pool size (and the server's GET /health/live rate). A throw-away database is created and dropped
# (PostgreSQL: SORA_TEST_DATABASE_URL or PGHOST/PGPORT/PGUSER, default 127.0.0.1:5432 user postgres).
# BENCH_JVM_OPTS adds JVM flags (e.g. a JFR recording). BENCH_CREDITS=true also measures, in the same rounds, a
# second relay on the same store with CREDITS=true (users granted plenty): the hold's cost is the difference.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/jdk.sh"
cd "$root"
# The bench runs one module against the others' installed jars: install the working tree's first.
mvn -B -ntp -q install -DskipTests
mvn -B -ntp -q -pl bootstrap test-compile exec:exec \
  -Dexec.classpathScope=test \
  -Dexec.executable="$JAVA_HOME/bin/java" \
  -Dexec.args="-Xms1g -Xmx1g ${BENCH_JVM_OPTS:-} -Dbench.postgres=true -Dbench.credits=${BENCH_CREDITS:-false} -Dbench.streams=0 -cp %classpath io.sorarelay.bootstrap.bench.HttpBench"
