# Switchboard container image (Quarkus fast-jar, JVM mode).
#
#   docker build -t switchboard:0.1.0 .
#   docker run --rm -p 8080:8080 --env-file switchboard.env switchboard:0.1.0
#
# All configuration comes from environment variables at run time
# (QUARKUS_DATASOURCE_*, QUARKUS_OIDC_*, SWITCHBOARD_*); none is baked in.

############################
# Stage 1: build
############################
FROM maven:3.9-eclipse-temurin-21 AS build
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
RUN mvn -B package -DskipTests -Dmdep.skip=true

############################
# Stage 2: runtime
############################
FROM eclipse-temurin:21-jre

LABEL org.opencontainers.image.title="switchboard" \
      org.opencontainers.image.description="Switchboard multi-tenant REST service (Quarkus, JVM mode)"

# Unprivileged runtime user (uid/gid 185, the usual Quarkus image convention).
RUN groupadd --system --gid 185 switchboard \
 && useradd --system --uid 185 --gid 185 --home-dir /deployments --no-create-home \
      --shell /usr/sbin/nologin switchboard

WORKDIR /deployments

# Fast-jar layout, copied least-to-most frequently changing so that the
# dependency layer (lib/) is reused across application-only rebuilds.
COPY --from=build --chown=185:185 /build/target/quarkus-app/lib/ ./lib/
COPY --from=build --chown=185:185 /build/target/quarkus-app/*.jar ./
COPY --from=build --chown=185:185 /build/target/quarkus-app/app/ ./app/
COPY --from=build --chown=185:185 /build/target/quarkus-app/quarkus/ ./quarkus/

USER 185:185
EXPOSE 8080

# Container-aware heap sizing; override or extend JAVA_OPTS at run time.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError -Djava.util.logging.manager=org.jboss.logmanager.LogManager"

# Shell form inside exec form so that $JAVA_OPTS is expanded; `exec` makes the
# JVM PID 1 so it receives SIGTERM directly and shuts down gracefully.
ENTRYPOINT ["/bin/sh", "-c", "exec java -Dquarkus.http.host=0.0.0.0 $JAVA_OPTS -jar /deployments/quarkus-run.jar"]
