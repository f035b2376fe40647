#!/usr/bin/env bash
# Replies through the delivery outbox (issue 4): operators POST replies to the packaged service, its dispatcher sends
# them to an API channel's reply URL (WireMock in the harness); reports replies/s and POST->SENT p50/p99 and checks
# every reply was sent exactly once. Needs a MariaDB server; by default the local one at 127.0.0.1:3306 (root, no
# password). Results: stdout and target/bench-reply.md.
#   bench/reply.sh [-Dconcurrency=16] [-Dseconds=20] [-Dwarmup=20] [-Dworkers=N] [-DreplyWorkers=N]
#     [-DproviderDelay=ms] [-Ddb.url=jdbc:mariadb://127.0.0.1:3306]
# -Dworkers: the replica's sends in flight (SWITCHBOARD_DELIVERY_WORKERS; the service's default unless given).
# -DreplyWorkers: how many of them replies may take (SWITCHBOARD_DELIVERY_REPLY_WORKERS); -DproviderDelay: the
# provider's answer time in ms (0: at once).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -q -DskipTests -Dspotless.check.skip=true package
mvn -q -Dspotless.check.skip=true org.codehaus.mojo:exec-maven-plugin:3.5.1:java \
  -Dexec.classpathScope=test -Dexec.mainClass=io.switchboard.bench.ReplyBenchmark -Dexec.cleanupDaemonThreads=false "$@"
