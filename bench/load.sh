#!/usr/bin/env bash
# Load run (issue 8): 10 minutes of operators replying (8) and a provider sending signed SMS webhooks (4 senders), both
# at full speed, against the packaged service; samples heap and resident memory every 30 s and fails on any failed
# request or on resident memory still growing (last third over 10% above the middle third). Needs a MariaDB server
# (default 127.0.0.1:3306, root, no password). Results: stdout, target/bench-load.md.
#   bench/load.sh [-Dminutes=10] [-Doperators=8] [-Dsenders=4]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -q -DskipTests -Dspotless.check.skip=true package
mvn -q -Dspotless.check.skip=true org.codehaus.mojo:exec-maven-plugin:3.5.1:java \
  -Dexec.classpathScope=test -Dexec.mainClass=io.switchboard.bench.LoadRun -Dexec.cleanupDaemonThreads=false "$@"
