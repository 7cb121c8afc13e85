#!/usr/bin/env bash
# Content served from the results store (a signed link's route, directory store) against the same file from Jetty's
# static ResourceHandler, in the same run: whole downloads and 1 MiB ranges at 1 and 8 clients, ABBA rounds, MiB/s and
# their ratio. Loopback only; about two minutes. Knobs: BENCH_JVM_OPTS (-Dbench.videoMiB=20, -Dbench.seconds=5,
# -Dbench.rounds=4, -Dbench.clients=1,8).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/jdk.sh"
cd "$root"
# The bench runs one module against the others' installed jars: install the working tree's first.
mvn -B -ntp -q install -DskipTests
mvn -B -ntp -q -pl bootstrap test-compile exec:exec \
  -Dexec.classpathScope=test \
  -Dexec.executable="$JAVA_HOME/bin/java" \
  -Dexec.args="-Xmx1g ${BENCH_JVM_OPTS:-} -cp %classpath io.sorarelay.bootstrap.bench.ResultsBench"
