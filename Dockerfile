# syntax=docker/dockerfile:1
# The oncelane executable (worker, relay, operator commands) as a container image.
#   docker build -t oncelane .
#   docker run --rm oncelane --help

# --- build: the shaded jar, with the same Maven wrapper as everywhere else ---------------------
FROM eclipse-temurin:17.0.15_6-jdk-noble AS build
WORKDIR /src
# The wrapper downloads Maven with curl and unpacks it with unzip.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl unzip \
 && rm -rf /var/lib/apt/lists/*
COPY . .
# The cache mount keeps Maven's downloads between builds; tests run in CI, not in the image build.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl workers -am package -DskipTests -Dspotless.check.skip=true \
 && cp workers/target/oncelane.jar /oncelane.jar

# --- run: a JRE, the jar, a user without privileges ----------------------------------------------
FROM eclipse-temurin:17.0.15_6-jre-noble
RUN groupadd --system oncelane \
 && useradd --system --gid oncelane --home-dir /var/lib/oncelane --create-home oncelane
COPY --from=build /oncelane.jar /app/oncelane.jar
USER oncelane
WORKDIR /var/lib/oncelane
# Only used when ONCELANE_LEDGER_URL is unset (the SQLite ledger); production sets PostgreSQL.
ENV ONCELANE_DATA_DIR=/var/lib/oncelane \
    ONCELANE_RELAY_HOST=0.0.0.0 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
# The relay's port (oncelane relay); the worker listens on none.
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/oncelane.jar"]
CMD ["--help"]
