# Switchboard container image (Quarkus aot-jar with an AOT cache, JVM mode, Java 25).
#
#   docker build -t switchboard:0.1.0 .
#   docker run --rm -p 8080:8080 --env-file switchboard.env switchboard:0.1.0
#
# All configuration comes from environment variables at run time
# (QUARKUS_DATASOURCE_*, QUARKUS_OIDC_*, SWITCHBOARD_*); none is baked in.

############################
# Stage 1: build
############################
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /build

# Resolve dependencies and plugins in their own layer, so that source-only
# changes do not download the world again.
COPY pom.xml ./
COPY .mvn ./.mvn
RUN mvn -B -q dependency:go-offline

COPY src ./src
# -DskipTests: tests run in CI, not in the image build.
# -Dmdep.skip=true: skips the pom's maven-dependency-plugin execution that
#   unpacks the Keycloak distribution for the end-to-end tests; the image
#   does not need it.
# -Dquarkus.package.jar.aot.enabled=false: the AOT cache is recorded in the
#   runtime stage below, by the JVM that will use it (a cache only fits the
#   JDK build that recorded it); the aot-jar layout stays.
RUN mvn -B package -DskipTests -Dmdep.skip=true -Dquarkus.package.jar.aot.enabled=false \
      -Dquarkus.package.jar.type=aot-jar

############################
# Stage 2: runtime
############################
FROM eclipse-temurin:25-jre

LABEL org.opencontainers.image.title="switchboard" \
      org.opencontainers.image.description="Switchboard multi-tenant REST service (Quarkus, JVM mode)"

# Unprivileged runtime user (uid/gid 185, the usual Quarkus image convention).
RUN groupadd --system --gid 185 switchboard \
 && useradd --system --uid 185 --gid 185 --home-dir /deployments --no-create-home \
      --shell /usr/sbin/nologin switchboard

WORKDIR /deployments

# The aot-jar layout (the fast-jar's folders), copied least-to-most frequently
# changing so that the dependency layer (lib/) is reused across
# application-only rebuilds.
COPY --from=build --chown=185:185 /build/target/quarkus-app/lib/ ./lib/
COPY --from=build --chown=185:185 /build/target/quarkus-app/*.jar ./
COPY --from=build --chown=185:185 /build/target/quarkus-app/app/ ./app/
COPY --from=build --chown=185:185 /build/target/quarkus-app/quarkus/ ./quarkus/

# The AOT cache (JEP 483, 514) of the service's start, recorded by this image's
# own JVM as `mvn package` does on Java 25: the service runs up to the end of its
# static initialisation and stops (without its run-time settings it exits with
# a configuration error, expected here); the JVM writes the cache as it exits.
# The build fails only when no cache was written. bench/RESULTS.md (warm start)
# has what it gains.
RUN java -XX:AOTCacheOutput=/deployments/app.aot -Dquarkus.appcds.generate=true \
      -jar /deployments/quarkus-run.jar > /tmp/aot-training.log 2>&1; \
    test -s /deployments/app.aot || { cat /tmp/aot-training.log; exit 1; }; \
    rm -f /tmp/aot-training.log && chown 185:185 /deployments/app.aot

USER 185:185
EXPOSE 8080

# Container-aware heap sizing; override or extend JAVA_OPTS at run time.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError -Djava.util.logging.manager=org.jboss.logmanager.LogManager"

# Shell form inside exec form so that $JAVA_OPTS is expanded; `exec` makes the
# JVM PID 1 so it receives SIGTERM directly and shuts down gracefully.
ENTRYPOINT ["/bin/sh", "-c", "exec java -XX:AOTCache=/deployments/app.aot -Dquarkus.http.host=0.0.0.0 $JAVA_OPTS -jar /deployments/quarkus-run.jar"]
