package dev.oncelane.workers.dev;

import dev.oncelane.activities.hubspot.HubSpotConfig;
import dev.oncelane.relay.RelayConfig;
import dev.oncelane.relay.RelayServer;
import dev.oncelane.relay.readiness.CachedReadiness;
import dev.oncelane.relay.sources.SourceConfig;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.sandbox.SandboxServer;
import dev.oncelane.workers.codec.AesGcmPayloadCodec;
import dev.oncelane.workers.codec.CodecKeys;
import dev.oncelane.workers.codec.CodecServer;
import dev.oncelane.workers.codec.CodecServerConfig;
import dev.oncelane.workers.config.LaneEnvironment;
import dev.oncelane.workers.temporal.DevTemporal;
import dev.oncelane.workers.temporal.InMemoryTemporal;
import dev.oncelane.workers.temporal.NamespaceCheck;
import dev.oncelane.workers.temporal.TemporalCliOptions;
import dev.oncelane.workers.temporal.TemporalCliServer;
import dev.oncelane.workers.temporal.TemporalConnection;
import dev.oncelane.workers.temporal.TemporalEndpoint;
import dev.oncelane.workers.worker.WorkerRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything on one machine: the codec server, Temporal (its Web UI decoding through that server),
 * the HubSpot sandbox (unless a real token is set), the SQLite ledger, the worker and the relay,
 * every Temporal client encrypting payloads. Closing it stops them in reverse order.
 */
public final class DevStack implements AutoCloseable {

  private final Deque<AutoCloseable> parts = new ArrayDeque<>();
  private DevTemporal temporal;
  private SandboxServer sandbox;
  private RelayServer relay;
  private WorkerRuntime worker;
  private String crmBaseUrl;
  private DevCodec codec;
  private CodecKeys codecKeys;
  private CodecServer codecServer;

  private DevStack() {}

  /** Starts the stack with the relay's sources from the environment (the three defaults). */
  public static DevStack start(DevOptions options, LaneEnvironment environment, PrintStream out)
      throws IOException {
    return start(options, environment, List.of(), out);
  }

  /**
   * Starts the stack; on failure, stops whatever already started and rethrows.
   *
   * @param sources the relay's sources (from the configuration file); empty for the defaults
   */
  public static DevStack start(
      DevOptions options, LaneEnvironment environment, List<SourceConfig> sources, PrintStream out)
      throws IOException {
    DevStack stack = new DevStack();
    try {
      stack.startAll(options, environment, sources, out);
      return stack;
    } catch (IOException | RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void startAll(
      DevOptions options, LaneEnvironment environment, List<SourceConfig> sources, PrintStream out)
      throws IOException {
    startCodecServer(options, environment);
    temporal = startTemporal(options, environment, codecUiEndpoint(), out);
    parts.push(temporal);

    Map<String, String> env = new HashMap<>(environment.env());
    if (env.get("HUBSPOT_TOKEN") == null || env.get("HUBSPOT_TOKEN").isBlank()) {
      sandbox =
          SandboxServer.start(
              SandboxOptions.defaults().withPort(options.sandboxPort()).withSeed(options.seed()));
      parts.push(sandbox);
      env.put("HUBSPOT_BASE_URL", sandbox.baseUrl());
      env.put("HUBSPOT_TOKEN", SandboxOptions.DEFAULT_TOKEN);
    }
    LaneEnvironment lane =
        new LaneEnvironment(
            // The dev server is local and plaintext, whatever profile or API key the shell has.
            TemporalEndpoint.plain(temporal.address(), environment.temporalNamespace()),
            options.dataDir(),
            environment.reviewTimeout(),
            env);
    crmBaseUrl = HubSpotConfig.fromEnv(env).baseUrl();
    worker = WorkerRuntime.start(lane, NamespaceCheck.Mode.REGISTER_MISSING);
    parts.push(worker);

    TemporalConnection connection = TemporalConnection.connect(lane);
    parts.push(connection);
    RelayConfig.Builder relayConfig =
        RelayConfig.fromEnv(env).toBuilder().port(options.relayPort());
    if (!sources.isEmpty()) {
      relayConfig.sources(sources);
    }
    NamespaceCheck namespace =
        new NamespaceCheck(connection.service(), temporal.address(), lane.temporalNamespace());
    parts.push(namespace);
    relay =
        RelayServer.start(
            relayConfig.build(),
            connection.client(),
            Clock.systemUTC(),
            CachedReadiness.of(namespace::readiness));
    parts.push(relay);
  }

  /**
   * The codec server with the lane's keys (generated into the data directory unless the environment
   * sets them), answering the Web UI's origins.
   */
  private void startCodecServer(DevOptions options, LaneEnvironment environment)
      throws IOException {
    codec = DevCodec.prepare(options.dataDir(), environment.env());
    codecKeys =
        CodecKeys.fromEnv(environment.env(), options.dataDir())
            .orElseThrow(() -> new IllegalStateException("dev mode prepared no codec key"));
    List<String> uiOrigins =
        List.of("http://127.0.0.1:" + options.uiPort(), "http://localhost:" + options.uiPort());
    codecServer =
        CodecServer.start(
            new CodecServerConfig("127.0.0.1", options.codecPort(), codec.token(), uiOrigins),
            new AesGcmPayloadCodec(codecKeys));
    parts.push(codecServer);
  }

  /**
   * What the Web UI is given: the codec server with the token as the path's first segment, since
   * the UI cannot send a token of its own (it forwards only its SSO login's, over HTTPS).
   */
  private String codecUiEndpoint() {
    return codecServerUrl() + "/" + codec.token();
  }

  private static DevTemporal startTemporal(
      DevOptions options, LaneEnvironment environment, String uiCodecEndpoint, PrintStream out)
      throws IOException {
    Optional<java.nio.file.Path> binary =
        options.inMemory() ? Optional.empty() : TemporalCliServer.findBinary(environment.env());
    if (binary.isPresent()) {
      return TemporalCliServer.start(
          binary.get(),
          options.dataDir(),
          environment.temporalNamespace(),
          options.temporalPort(),
          options.uiPort(),
          TemporalCliOptions.defaults().withUiCodecEndpoint(uiCodecEndpoint));
    }
    out.println(
        "WARNING: the `temporal` CLI was not found (or --in-memory was given); using the in-memory"
            + " Java test server. It is NOT durable: workflows die with this process, and it has"
            + " no Web UI or visibility queries. Install it with: go install"
            + " github.com/temporalio/cli/cmd/temporal@v1.5.1");
    return InMemoryTemporal.start(options.temporalPort(), environment.temporalNamespace());
  }

  /** The codec server's URL, e.g. {@code http://127.0.0.1:8234}. */
  public String codecServerUrl() {
    return "http://127.0.0.1:" + codecServer.port();
  }

  /** Where the token is kept, unless the environment set it. */
  public Optional<java.nio.file.Path> codecTokenFile() {
    return Optional.ofNullable(codec.tokenFile());
  }

  /** The key file dev mode generated and uses, unless the environment set the keys. */
  public Optional<java.nio.file.Path> codecKeyFile() {
    return Optional.ofNullable(codec.keyFile());
  }

  /** The payload keys' ids and which one encrypts (no key material). */
  public String codecKeysDescription() {
    return codecKeys.describe();
  }

  public DevTemporal temporal() {
    return temporal;
  }

  /** The sandbox, when the stack runs one. */
  public Optional<SandboxServer> sandbox() {
    return Optional.ofNullable(sandbox);
  }

  public int relayPort() {
    return relay.port();
  }

  public String crmBaseUrl() {
    return crmBaseUrl;
  }

  public String ledgerUrl() {
    return worker.ledgerUrl();
  }

  /** The port of the worker's {@code /metrics}, unless metrics are off. */
  public Optional<Integer> metricsPort() {
    return worker.metricsPort();
  }

  @Override
  public void close() {
    while (!parts.isEmpty()) {
      try {
        parts.pop().close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e);
      }
    }
  }
}
