#!/usr/bin/env bash
# Warm start under full load (issue 15, point 4): how soon a replica that joins a loaded cluster is ready, and how
# soon after that it answers at the steady rate, with the AOT cache (Java 24+) and without. Builds the service twice:
# as a fast-jar (the packaging before the AOT layout, the baseline, in target/bench-fast-app) and as the project
# packages it (target/quarkus-app); then measures the steady rate, records the AOT cache in a training run under the
# same load, and starts each variant under load in the order baseline, cache, cache, baseline. Needs a MariaDB server
# (default 127.0.0.1:3306, root, no password). About 10 minutes. Results: stdout and target/bench-warm-start.md.
#   bench/warm-start.sh [-Dseconds=60] [-DsteadyWarmup=90] [-DsteadyMeasure=30] [-Dtrain=60] [-Doperators=8] [-Dsenders=16] [-Dreaders=8]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -q -DskipTests -Dspotless.check.skip=true -Dquarkus.package.jar.type=fast-jar package
rm -rf target/bench-fast-app && cp -r target/quarkus-app target/bench-fast-app
mvn -q -DskipTests -Dspotless.check.skip=true package
mvn -q -Dspotless.check.skip=true org.codehaus.mojo:exec-maven-plugin:3.5.1:java \
  -Dexec.classpathScope=test -Dexec.mainClass=io.switchboard.bench.WarmStartBenchmark -Dexec.cleanupDaemonThreads=false "$@"
