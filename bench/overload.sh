#!/usr/bin/env bash
# Overload drill (issue 21): tenant `big` holds 1,000,000 messages in 100,000 conversations (bulk SQL with the rows
# the signed-webhook path writes, InboxDataLoader); tenant `second`'s operators reply and signed SMS webhooks open
# conversations that are auto-assigned (after a 20 s warm-up that runs the reads too, and 30 s to settle), first
# quietly, then while 64 clients read big's filtered list, search and
# message pages. Fails unless the replies' POST->SENT p99 stays within 2x the quiet one, every reply and webhook is
# handled exactly once, every new conversation is assigned, the reads get only 200 or 503 with Retry-After, and the
# reads answer 200 within 10 s of the flood's end. Needs a MariaDB server (default 127.0.0.1:3306, root, no
# password). Results: stdout and target/bench-overload.md.
#   bench/overload.sh [-Dmessages=1000000] [-Dclients=64] [-DwarmReads=true] [-Dsettle=30] [-Dquiet=60] [-Dflood=60] [-DreplyRate=10] [-DwebhookRate=10]
#                     [-DhonorRetryAfter=true] [-Dfactor=2] [-Drecovery=10] [-Dload=auto|true|false] [-Dbuffer-pool=0]
# -Dload=auto (default) keeps the database of an earlier run that holds the requested messages.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -q -DskipTests -Dspotless.check.skip=true package
mvn -q -Dspotless.check.skip=true org.codehaus.mojo:exec-maven-plugin:3.5.1:java \
  -Dexec.classpathScope=test -Dexec.mainClass=io.switchboard.bench.OverloadDrill -Dexec.cleanupDaemonThreads=false "$@"
