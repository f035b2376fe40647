#!/usr/bin/env bash
# Load run (issue 8): 10 minutes of operators replying (8) and a provider sending signed SMS webhooks (32 senders)
# against the packaged service, each at a target rate (per second; 0 = as fast as the service answers), after a
# warm-up that ramps up to those rates. Samples heap and resident memory every 30 s; at the end waits for the outbox
# to drain and checks that every reply reached the provider once and every webhook was stored once. Fails on any
# failed request, a rate below 95% of its target, a loss or a duplicate, or resident memory still growing (last third
# over 10% above the middle third) or over the deployment's container limit (768 MiB; the service runs with the
# deployment's heap, 75% of it), or the live heap (after a full collection) growing from the middle of the run to
# its end. Needs a MariaDB server (default 127.0.0.1:3306, root, no password). Results:
# stdout, target/bench-load.md.
#   bench/load.sh [-Dminutes=10] [-Dwarmup=60] [-DreplyRate=0] [-DwebhookRate=0] [-Doperators=8] [-Dsenders=32] [-DmemoryLimitMb=768] [-Djvm="-Xmx576m"]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -q -DskipTests -Dspotless.check.skip=true package
mvn -q -Dspotless.check.skip=true org.codehaus.mojo:exec-maven-plugin:3.5.1:java \
  -Dexec.classpathScope=test -Dexec.mainClass=io.switchboard.bench.LoadRun -Dexec.cleanupDaemonThreads=false "$@"
