#!/usr/bin/env bash
# The operator's read paths at 10k, 100k and 1M messages of one tenant beside 10 other tenants (issue 15): 64 wrk
# clients per path, GET /api/v1/me as the ceiling. Needs a MariaDB server (by default the local one at
# 127.0.0.1:3306, root, no password) and wrk (apt-get install -y wrk). Results: stdout and target/bench-inbox-reads.md.
#   bench/inbox-reads.sh [-Dscales=10000,100000,1000000] [-Dothers=10] [-DotherMessages=1000000] [-Dseconds=10]
#     [-Dwarmup=10] [-Dfresh=false: keep the database of an earlier run, add only what is missing]
#     [-Dreads=q=,contacts: only the reads whose name contains one of these, besides the ceiling]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
mvn -q -DskipTests -Dspotless.check.skip=true package
mvn -q -Dspotless.check.skip=true org.codehaus.mojo:exec-maven-plugin:3.5.1:java \
  -Dexec.classpathScope=test -Dexec.mainClass=io.switchboard.bench.InboxReadBenchmark -Dexec.cleanupDaemonThreads=false "$@"
