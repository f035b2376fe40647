#!/usr/bin/env bash
# The one-year channel-cost report (issue 7, point 8): loads 10 million work sessions and 5 million messages (plus
# 1 million conversations and their resolutions) into one tenant with bulk SQL, builds the rollups with the
# application's RollupJdbc.rebuild (what the service runs when a tenant's zone changes), then measures the report through
# the HTTP API of the packaged service and the raw baseline (the same figures as plain GROUP BYs over the raw rows)
# in the same run. Results: stdout and target/bench-reports.md.
#   bench/reports.sh [-Dsessions=10000000] [-Dmessages=5000000] [-Druns=20] [-Dbaseline-runs=3] [-Dload=auto|true|false]
#                    [-Dbuffer-pool=0] [-Ddb.url=jdbc:mariadb://127.0.0.1:3306]
# -Dload=auto (default) keeps the database of an earlier run when it holds the requested rows.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -q -DskipTests -Dspotless.check.skip=true package
mvn -q -Dspotless.check.skip=true org.codehaus.mojo:exec-maven-plugin:3.5.1:java \
  -Dexec.classpathScope=test -Dexec.mainClass=io.switchboard.bench.ReportBenchmark -Dexec.cleanupDaemonThreads=false "$@"
