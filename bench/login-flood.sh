#!/usr/bin/env bash
# An authenticated GET's latency alone and during a flood of wrong-password logins (16 clients), with Argon2id
# hashed on the request's virtual thread (before) and on the hasher's own threads (now); ratios of the medians.
# Loopback, in-memory store, sign-in limits off; about a minute. BENCH_JVM_OPTS adds -Dbench.* knobs
# (bench.seconds, bench.flooders).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/jdk.sh"
cd "$root"
# The bench runs one module against the others' installed jars: install the working tree's first.
mvn -B -ntp -q install -DskipTests
mvn -B -ntp -q -pl bootstrap test-compile exec:exec \
  -Dexec.classpathScope=test \
  -Dexec.executable="$JAVA_HOME/bin/java" \
  -Dexec.args="-Xms512m -Xmx512m ${BENCH_JVM_OPTS:-} -cp %classpath io.sorarelay.bootstrap.bench.LoginFloodBench"
