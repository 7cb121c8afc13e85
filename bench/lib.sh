# Sourced by the bench scripts: the JDK, the working tree's modules installed (skipped with BENCH_SKIP_INSTALL=1, when
# they are installed already), then run_bench MODULE CLASS "JVM ARGS": the bench class on MODULE's test classpath.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/bin/jdk.sh"
cd "$root"

run_bench() {
  local module=$1 class=$2 args=$3
  # The bench runs one module against the others' installed jars: install the working tree's first.
  if [ "${BENCH_SKIP_INSTALL:-}" != 1 ]; then mvn -B -ntp -q install -DskipTests; fi
  mvn -B -ntp -q -pl "$module" test-compile exec:exec \
    -Dexec.classpathScope=test \
    -Dexec.executable="$JAVA_HOME/bin/java" \
    -Dexec.args="$args -cp %classpath $class"
}
