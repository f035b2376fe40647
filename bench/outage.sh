#!/usr/bin/env bash
# Fault drill (issue 8): the provider is down (503) for 10 minutes while operators reply, then comes back; reports
# the attempts during the outage, the time the backlog took to drain after recovery, and checks nothing FAILED and
# every reply reached the provider exactly once. Needs a MariaDB server (default 127.0.0.1:3306, root, no password).
#   bench/outage.sh [-Doutage.minutes=10] [-Dreplies=300]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -q -DskipTests -Dspotless.check.skip=true package
mvn -q -Dspotless.check.skip=true org.codehaus.mojo:exec-maven-plugin:3.5.1:java \
  -Dexec.classpathScope=test -Dexec.mainClass=io.switchboard.bench.ProviderOutageDrill -Dexec.cleanupDaemonThreads=false "$@"
