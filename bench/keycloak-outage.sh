#!/usr/bin/env bash
# Fault drill (issue 8): Keycloak (26.7.3 from its distribution, the shipped realm) stops and comes back while the
# service runs; a replica is also started while it is down. Checks clear 401/503 answers and recovery without a
# restart. Needs a MariaDB server (default 127.0.0.1:3306, root, no password). Results: target/bench-keycloak-outage.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -q -DskipTests -Dspotless.check.skip=true package
mvn -q -Dspotless.check.skip=true org.codehaus.mojo:exec-maven-plugin:3.5.1:java \
  -Dexec.classpathScope=test -Dexec.mainClass=io.switchboard.bench.KeycloakOutageDrill -Dexec.cleanupDaemonThreads=false "$@"
