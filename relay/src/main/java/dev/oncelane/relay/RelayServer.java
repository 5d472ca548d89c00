package dev.oncelane.relay;

import dev.oncelane.relay.admission.StartAdmission;
import dev.oncelane.relay.http.ProblemResponses;
import dev.oncelane.relay.http.WebhookEndpoint;
import dev.oncelane.relay.metrics.RelayMetrics;
import dev.oncelane.relay.readiness.Readiness;
import dev.oncelane.relay.readiness.ReadinessCheck;
import dev.oncelane.relay.readiness.TemporalReachable;
import dev.oncelane.relay.sources.SourceConfig;
import dev.oncelane.relay.sources.Sources;
import dev.oncelane.relay.sources.WebhookSource;
import dev.oncelane.relay.start.EventStarter;
import dev.oncelane.relay.start.WorkflowStarter;
import io.javalin.Javalin;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook relay's HTTP server: {@code POST /webhooks/<source>} for each configured source (by
 * default {@code typeform}, {@code generic} and {@code standard-webhooks}), {@code GET /healthz},
 * {@code GET /readyz}, {@code GET /metrics}.
 *
 * <p>Jetty serves it with a bounded thread pool and a bounded queue. Workflow starts do not run on
 * Jetty's threads: a webhook request is read and verified there, then suspended while its start
 * runs under {@link StartAdmission}'s limits, which answer {@code 503 relay_overloaded} past them.
 * So Jetty's threads stay free to answer, and its queue only has to absorb bursts of arriving
 * requests, not Temporal's latency. {@link #close()} stops accepting connections and waits (up to
 * the configured shutdown timeout) for requests in flight to be answered.
 */
public final class RelayServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RelayServer.class);

  private final Javalin app;
  private final StartAdmission admission;
  private final AutoCloseable starter;
  private final RelayMetrics metrics;

  private RelayServer(
      Javalin app, StartAdmission admission, AutoCloseable starter, RelayMetrics metrics) {
    this.app = app;
    this.admission = admission;
    this.starter = starter;
    this.metrics = metrics;
  }

  /** Starts the relay on the configured host and port. */
  public static RelayServer start(RelayConfig config, WorkflowClient client) {
    return start(config, client, Clock.systemUTC());
  }

  /**
   * Starts the relay; {@code /readyz} only checks that Temporal answers.
   *
   * @param clock the time signature timestamps are checked against and events are stamped with as
   *     accepted
   * @throws IllegalArgumentException listing {@link RelayConfig#problems()} (e.g. an unsigned
   *     source on a non-loopback address without its opt-in); nothing is started then
   */
  public static RelayServer start(RelayConfig config, WorkflowClient client, Clock clock) {
    return start(config, client, clock, new TemporalReachable(client, config.startTimeout()));
  }

  /**
   * Starts the relay with {@code /readyz} answering what {@code readiness} finds (200 when ready,
   * else 503 problem+json with {@code Retry-After}).
   *
   * @param clock the time signature timestamps are checked against
   * @throws IllegalArgumentException listing {@link RelayConfig#problems()}; nothing is started
   *     then
   */
  public static RelayServer start(
      RelayConfig config, WorkflowClient client, Clock clock, ReadinessCheck readiness) {
    requireNoProblems(config);
    WorkflowStarter starter =
        new WorkflowStarter(client, config.startTimeout(), config.maxInputBytes());
    try {
      return start(config, starter, starter, clock, readiness);
    } catch (RuntimeException e) {
      starter.close();
      throw e;
    }
  }

  /**
   * Starts the relay with its own {@code starter} (tests hand it a stateful fake).
   *
   * @param resources closed after the server stopped
   * @throws IllegalArgumentException listing {@link RelayConfig#problems()}; nothing is started
   *     then
   */
  static RelayServer start(
      RelayConfig config,
      EventStarter starter,
      AutoCloseable resources,
      Clock clock,
      ReadinessCheck readiness) {
    requireNoProblems(config);
    List<WebhookSource> sources = new ArrayList<>();
    for (SourceConfig source : config.effectiveSources()) {
      sources.add(Sources.create(source, clock));
      if (source.acceptsUnsigned()) {
        log.warn(
            "source {} accepts unsigned deliveries: anyone who reaches {} can write contacts",
            source.name(),
            source.path());
      }
    }
    String endpoints =
        sources.stream().map(s -> "/webhooks/" + s.name()).collect(Collectors.joining(", "));
    RelayMetrics metrics = new RelayMetrics();
    // A start waits for a slot no longer than a start itself may take.
    StartAdmission admission =
        new StartAdmission(
            starter,
            config.maxInFlightStarts(),
            config.maxWaitingStarts(),
            config.startTimeout(),
            config.overloadRetryAfter());
    metrics.startGauges(admission::inFlight, admission::waiting, admission::pendingDeliveries);
    Javalin app = Javalin.create(javalin -> configure(javalin, config));
    for (WebhookSource source : sources) {
      app.post(
          "/webhooks/" + source.name(),
          new WebhookEndpoint(source, config.maxBodyBytes(), admission, metrics, clock));
    }
    app.get("/healthz", ctx -> ProblemResponses.json(ctx, 200, Map.of("status", "up")));
    app.get(
        "/readyz",
        ctx -> {
          Readiness ready = readiness.check();
          if (ready.isReady()) {
            ProblemResponses.json(ctx, 200, Map.of("status", "ready"));
          } else {
            ctx.header("Retry-After", Integer.toString(WebhookEndpoint.RETRY_AFTER_SECONDS));
            ProblemResponses.problem(ctx, ready.reason(), ready.detail(), ready.facts());
          }
        });
    app.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    app.error(
        404,
        ctx ->
            ProblemResponses.problem(
                ctx,
                RejectionReason.NOT_FOUND,
                "No endpoint at "
                    + ctx.method()
                    + " "
                    + ctx.path()
                    + "; webhooks go to POST "
                    + endpoints,
                Map.of()));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          log.error("unexpected failure answering {} {}", ctx.method(), ctx.path(), e);
          ProblemResponses.problem(
              ctx,
              RejectionReason.INTERNAL_ERROR,
              "The relay failed unexpectedly; nothing was acknowledged, retry later",
              Map.of());
        });
    try {
      app.start();
    } catch (RuntimeException e) {
      admission.close();
      throw e;
    }
    log.info("relay listening on {}:{} with {}", config.host(), app.port(), config);
    return new RelayServer(app, admission, resources, metrics);
  }

  private static void requireNoProblems(RelayConfig config) {
    List<String> problems = config.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("the relay cannot start: " + String.join("; ", problems));
    }
  }

  private static void configure(io.javalin.config.JavalinConfig javalin, RelayConfig config) {
    javalin.showJavalinBanner = false;
    javalin.http.maxRequestSize = config.maxBodyBytes();
    javalin.jetty.threadPool =
        new QueuedThreadPool(
            config.maxThreads(),
            config.minThreads(),
            (int) config.idleTimeout().toMillis(),
            new BlockingArrayQueue<>(config.queueCapacity(), 0, config.queueCapacity()));
    javalin.jetty.addConnector(
        (server, httpConfig) -> {
          ServerConnector connector =
              new ServerConnector(server, new HttpConnectionFactory(httpConfig));
          connector.setHost(config.host());
          connector.setPort(config.port());
          connector.setIdleTimeout(config.idleTimeout().toMillis());
          return connector;
        });
    javalin.jetty.modifyServer(
        server -> {
          // Javalin nests its handler inside this one; it is what lets stop() wait for requests
          // in flight instead of cutting them off.
          server.setHandler(new StatisticsHandler());
          server.setStopTimeout(config.shutdownTimeout().toMillis());
        });
  }

  /** The port the relay listens on (the real one when configured with 0). */
  public int port() {
    return app.port();
  }

  /** The relay's meters, e.g. to add the Temporal client's metrics to the same scrape. */
  public RelayMetrics metrics() {
    return metrics;
  }

  /** Stops accepting, lets requests in flight finish (bounded), then releases everything. */
  @Override
  public void close() {
    try {
      app.stop();
    } finally {
      admission.close();
      try {
        starter.close();
      } catch (Exception e) {
        log.warn("closing the relay's starter failed", e);
      }
    }
  }
}
