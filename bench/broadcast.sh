#!/usr/bin/env bash
# A broadcast to 10,000 SMS recipients (issue 6): the packaged service on a fresh database, Twilio played by WireMock.
# Reports the delay from the post's due time to the first send and sends per second, and checks every recipient got
# exactly one message. Needs a MariaDB server; by default the local one at 127.0.0.1:3306 (root, no password).
# Results: stdout and target/bench-broadcast.md.
#   bench/broadcast.sh [-Drecipients=10000] [-Dreplicas=1] [-Dworkers=N] [-Dreplies=2] [-Dkind=SMS|EMAIL] [-Dlatency=0] [-Ddb.url=jdbc:mariadb://127.0.0.1:3306]
# -Dworkers: the replica's sends in flight (SWITCHBOARD_DELIVERY_WORKERS; the service's default unless given).
# -Dlatency: milliseconds the provider fake takes to answer each request, as a real provider's API does.
# -Dreplies: replies per second an operator sends during the broadcast (API channel); their POST→SENT is reported.
# -Dkind=EMAIL: an email broadcast over SMTP to a GreenMail of the harness. The service's resident memory is sampled.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -q -DskipTests -Dspotless.check.skip=true package
mvn -q -Dspotless.check.skip=true org.codehaus.mojo:exec-maven-plugin:3.5.1:java \
  -Dexec.classpathScope=test -Dexec.mainClass=io.switchboard.bench.BroadcastBenchmark -Dexec.cleanupDaemonThreads=false "$@"
