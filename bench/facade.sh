#!/usr/bin/env bash
# The OpenAI-compatible front door's create (POST /v1/videos) against the /api create (POST /api/relay/sora/videos)
# through HTTP on the in-memory store, engine off, at 1/8/32 clients, same server, same run (printed as a ratio).
# Loopback only; a few minutes. Target: /v1 at >= 0.9 of /api.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/jdk.sh"
cd "$root"
# The bench runs one module against the others' installed jars: install the working tree's first.
mvn -B -ntp -q install -DskipTests
mvn -B -ntp -q -pl bootstrap test-compile exec:exec \
  -Dexec.classpathScope=test \
  -Dexec.executable="$JAVA_HOME/bin/java" \
  -Dexec.args="-Xms1g -Xmx6g ${BENCH_JVM_OPTS:-} -cp %classpath io.sorarelay.bootstrap.bench.FacadeBench"
