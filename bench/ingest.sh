#!/usr/bin/env bash
# Signed-webhook ingest vs a raw JDBC baseline, in one run (issue 3). A 40 s HTTP phase (signed webhooks to an
# unknown key) warms the JVM and reports the HTTP ceiling first; -DhttpCeiling=false skips it. Needs a MariaDB server; by default the
# local one at 127.0.0.1:3306 (root, no password). Results: stdout and target/bench-ingest.md.
#   bench/ingest.sh [-Dconcurrency=32] [-Dseconds=20] [-Ddb.url=jdbc:mariadb://127.0.0.1:3306] [-Ddb.user=root]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -q -DskipTests -Dspotless.check.skip=true package
mvn -q -Dspotless.check.skip=true org.codehaus.mojo:exec-maven-plugin:3.5.1:java \
  -Dexec.classpathScope=test -Dexec.mainClass=io.switchboard.bench.IngestBenchmark -Dexec.cleanupDaemonThreads=false "$@"
