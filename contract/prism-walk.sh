#!/usr/bin/env bash
# The validating-proxy walk of issue 20: builds and starts the packaged service (its own database, tokens of the
# OIDC test server, as the bench/ harnesses do), puts Stoplight Prism in front of it
# (`prism proxy --errors openapi/openapi.yaml <service>`) and walks the API as an SPA uses it
# (io.switchboard.contract.PrismWalk). Prints every answer Prism flags and exits 1 when there is any.
# Optional: the build never needs Node. Prism is not installed by this script; install it once outside the repo:
#   mkdir -p /work/tools/prism && cd /work/tools/prism && npm install @stoplight/prism-cli@5.14.2
# and point PRISM at it (default: /work/tools/prism/node_modules/.bin/prism, else `prism` on the PATH).
#   contract/prism-walk.sh [-Ddb.url=jdbc:mariadb://127.0.0.1:3306] [-Ddb.name=switchboard_prism_walk]
# Results: stdout and target/prism-walk.txt; logs in target/prism-walk-service.log, target/prism-walk-proxy.log.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
PRISM="${PRISM:-/work/tools/prism/node_modules/.bin/prism}"
if [ ! -x "$PRISM" ]; then
  PRISM="$(command -v prism || true)"
fi
if [ -z "$PRISM" ]; then
  echo "Prism not found: install @stoplight/prism-cli 5.14 (see the top of this script) or set PRISM" >&2
  exit 2
fi
echo "Prism $("$PRISM" --version)"
if [ "${SKIP_PACKAGE:-}" != "1" ]; then
  mvn -q -DskipTests -Dspotless.check.skip=true package
fi
mvn -q -Dspotless.check.skip=true org.codehaus.mojo:exec-maven-plugin:3.5.1:java \
  -Dexec.classpathScope=test -Dexec.mainClass=io.switchboard.contract.PrismWalk -Dexec.cleanupDaemonThreads=false \
  -Dprism="$PRISM" "$@"
