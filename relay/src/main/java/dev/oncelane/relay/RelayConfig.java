package dev.oncelane.relay;

import dev.oncelane.relay.sources.SourceConfig;
import dev.oncelane.relay.sources.Sources;
import dev.oncelane.relay.sources.TypeformFieldMapping;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the relay is configured with; immutable. Build one with {@link #builder()} or read it
 * from the environment with {@link #fromEnv(Map)}.
 *
 * @param host interface to bind; loopback by default so nothing is exposed by accident
 * @param port TCP port; 0 picks a free one
 * @param maxBodyBytes largest body accepted; larger ones get 413 before they are read to the end
 * @param maxInputBytes largest serialized workflow input (bytes) the relay sends to Temporal; a
 *     larger event gets 413 before any call. Keep it below Temporal's blob size limit ({@code
 *     limit.blobSize.error}, 2 MiB by default), which refuses the start otherwise
 * @param typeformSecret Typeform webhook secret; when set, every Typeform delivery must be signed
 * @param webhookSecret Standard Webhooks secret ({@code whsec_…}); when set, every generic delivery
 *     must be signed
 * @param typeformFields how Typeform answers map to CRM properties
 * @param maxThreads most worker threads serving requests
 * @param minThreads worker threads kept when idle
 * @param queueCapacity Jetty's queue of connection tasks waiting for a worker thread; workflow
 *     starts never hold a worker thread (they run under {@code maxInFlightStarts}), so it only has
 *     to absorb a burst of arriving requests
 * @param maxInFlightStarts workflow starts (calls to Temporal) running at once; concurrent
 *     deliveries of one event share one start
 * @param maxWaitingStarts starts waiting for a free slot beyond those; a delivery past both is
 *     answered {@code 503 relay_overloaded} at once, and one that waited longer than {@code
 *     startTimeout} for a slot is answered the same, in both cases with nothing started
 * @param overloadRetryAfter the {@code Retry-After} of a {@code relay_overloaded} answer, whole
 *     seconds
 * @param idleTimeout how long a connection may stay silent (also bounds a stalled body upload)
 * @param startTimeout how long a workflow start (and the duplicate lookup) may take before the
 *     sender is told to retry (503)
 * @param shutdownTimeout how long shutdown waits for requests in flight
 * @param sources the webhook sources, one endpoint each; empty for the three defaults built from
 *     {@code typeformSecret}, {@code webhookSecret} and {@code typeformFields} (see {@link
 *     Sources#defaults}). When set, they win over those three.
 */
public record RelayConfig(
    String host,
    int port,
    long maxBodyBytes,
    long maxInputBytes,
    String typeformSecret,
    String webhookSecret,
    TypeformFieldMapping typeformFields,
    int maxThreads,
    int minThreads,
    int queueCapacity,
    int maxInFlightStarts,
    int maxWaitingStarts,
    Duration overloadRetryAfter,
    Duration idleTimeout,
    Duration startTimeout,
    Duration shutdownTimeout,
    List<SourceConfig> sources) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  /** 1.5 MiB: room under Temporal's default 2 MiB blob size limit for encoding overhead. */
  public static final long DEFAULT_MAX_INPUT_BYTES = 3 * 512 * 1024;

  /**
   * 32: the concurrency the relay's measured figures were taken with (its 32 Jetty threads each
   * held a start). The SQLite dev server takes about 60–85 new starts/s here; more starts in flight
   * only lengthen Temporal's own queue, fewer cost duplicate lookups, which run in parallel well.
   */
  public static final int DEFAULT_MAX_IN_FLIGHT_STARTS = 32;

  /**
   * 64: about one second of the dev server's measured start rate, so an admitted delivery waits
   * about a second for its slot; a longer queue only moves the wait into the sender's timeout.
   */
  public static final int DEFAULT_MAX_WAITING_STARTS = 64;

  /**
   * 2 s: a full queue drains in about one second at the measured start rate; twice that lets a shed
   * burst come back to an emptied queue rather than a full one.
   */
  public static final Duration DEFAULT_OVERLOAD_RETRY_AFTER = Duration.ofSeconds(2);

  /** 5 s: how long one workflow start, and the lookup of an existing run, may take. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(5);

  public RelayConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(typeformFields, "typeformFields");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(startTimeout, "startTimeout");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    Objects.requireNonNull(overloadRetryAfter, "overloadRetryAfter");
    sources = sources == null ? List.of() : List.copyOf(sources);
    typeformSecret = blankToNull(typeformSecret);
    webhookSecret = blankToNull(webhookSecret);
    require(port >= 0 && port <= 65535, "port must be 0..65535");
    require(maxBodyBytes > 0, "maxBodyBytes must be positive");
    require(maxInputBytes > 0, "maxInputBytes must be positive");
    require(minThreads > 0 && maxThreads >= minThreads, "need 0 < minThreads <= maxThreads");
    // Jetty needs a few threads for acceptors and selectors before any request is served.
    require(maxThreads >= 8, "maxThreads must be at least 8");
    require(queueCapacity > 0, "queueCapacity must be positive");
    require(maxInFlightStarts > 0, "maxInFlightStarts must be positive");
    require(maxWaitingStarts >= 0, "maxWaitingStarts must not be negative");
    require(
        overloadRetryAfter.getSeconds() >= 1 && overloadRetryAfter.getNano() == 0,
        "overloadRetryAfter must be a whole number of seconds, at least 1");
    require(!startTimeout.isNegative() && !startTimeout.isZero(), "startTimeout must be positive");
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Reads the configuration from environment variables; unset or blank ones keep their defaults:
   * {@code ONCELANE_RELAY_HOST}, {@code ONCELANE_RELAY_PORT}, {@code
   * ONCELANE_RELAY_MAX_BODY_BYTES}, {@code ONCELANE_RELAY_MAX_INPUT_BYTES}, {@code
   * TYPEFORM_SECRET}, {@code WEBHOOK_SECRET}, {@code ONCELANE_TYPEFORM_FIELDS} ({@code
   * ref=property,…}), {@code ONCELANE_TYPEFORM_MAPPED_ONLY}, {@code ONCELANE_RELAY_MAX_THREADS},
   * {@code ONCELANE_RELAY_MIN_THREADS}, {@code ONCELANE_RELAY_QUEUE_CAPACITY}, {@code
   * ONCELANE_RELAY_MAX_IN_FLIGHT_STARTS}, {@code ONCELANE_RELAY_MAX_WAITING_STARTS}, {@code
   * ONCELANE_RELAY_OVERLOAD_RETRY_AFTER_SECONDS}, {@code ONCELANE_RELAY_IDLE_TIMEOUT_MS}, {@code
   * ONCELANE_RELAY_START_TIMEOUT_MS}, {@code ONCELANE_RELAY_SHUTDOWN_TIMEOUT_MS}, and each default
   * source's opt-in to unsigned deliveries ({@code TYPEFORM_UNSIGNED}, {@code GENERIC_UNSIGNED},
   * {@code STANDARD_WEBHOOKS_UNSIGNED}).
   *
   * @throws IllegalArgumentException naming the variable that holds an unusable value
   */
  public static RelayConfig fromEnv(Map<String, String> env) {
    Builder b = builder();
    String host = blankToNull(env.get("ONCELANE_RELAY_HOST"));
    if (host != null) {
      b.host(host);
    }
    b.port(intVar(env, "ONCELANE_RELAY_PORT", b.port));
    b.maxBodyBytes(longVar(env, "ONCELANE_RELAY_MAX_BODY_BYTES", b.maxBodyBytes));
    b.maxInputBytes(longVar(env, "ONCELANE_RELAY_MAX_INPUT_BYTES", b.maxInputBytes));
    b.typeformSecret(env.get("TYPEFORM_SECRET"));
    b.webhookSecret(env.get("WEBHOOK_SECRET"));
    b.typeformFields(
        TypeformFieldMapping.parse(
            env.get("ONCELANE_TYPEFORM_FIELDS"),
            Boolean.parseBoolean(blankToNull(env.get("ONCELANE_TYPEFORM_MAPPED_ONLY")))));
    b.maxThreads(intVar(env, "ONCELANE_RELAY_MAX_THREADS", b.maxThreads));
    b.minThreads(intVar(env, "ONCELANE_RELAY_MIN_THREADS", b.minThreads));
    b.queueCapacity(intVar(env, "ONCELANE_RELAY_QUEUE_CAPACITY", b.queueCapacity));
    b.maxInFlightStarts(intVar(env, "ONCELANE_RELAY_MAX_IN_FLIGHT_STARTS", b.maxInFlightStarts));
    b.maxWaitingStarts(intVar(env, "ONCELANE_RELAY_MAX_WAITING_STARTS", b.maxWaitingStarts));
    b.overloadRetryAfter(
        Duration.ofSeconds(
            longVar(
                env,
                "ONCELANE_RELAY_OVERLOAD_RETRY_AFTER_SECONDS",
                b.overloadRetryAfter.getSeconds())));
    b.idleTimeout(millisVar(env, "ONCELANE_RELAY_IDLE_TIMEOUT_MS", b.idleTimeout));
    b.startTimeout(millisVar(env, "ONCELANE_RELAY_START_TIMEOUT_MS", b.startTimeout));
    b.shutdownTimeout(millisVar(env, "ONCELANE_RELAY_SHUTDOWN_TIMEOUT_MS", b.shutdownTimeout));
    RelayConfig config = b.build();
    return b.sources(withUnsignedOptIns(config.effectiveSources(), env)).build();
  }

  /**
   * The sources with each one's {@code <NAME>_UNSIGNED=true} opt-in from the environment applied.
   *
   * @throws IllegalArgumentException when such a variable is neither true nor false
   */
  public static List<SourceConfig> withUnsignedOptIns(
      List<SourceConfig> sources, Map<String, String> env) {
    List<SourceConfig> applied = new ArrayList<>();
    for (SourceConfig source : sources) {
      String value = blankToNull(env.get(source.unsignedEnv()));
      if (value == null) {
        applied.add(source);
      } else if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
        applied.add(source.toBuilder().unsigned(Boolean.parseBoolean(value)).build());
      } else {
        throw new IllegalArgumentException(
            source.unsignedEnv() + " must be true or false, got '" + value + "'");
      }
    }
    return applied;
  }

  /** The sources the relay serves: {@link #sources()}, or the three defaults. */
  public List<SourceConfig> effectiveSources() {
    return sources.isEmpty()
        ? Sources.defaults(typeformSecret, webhookSecret, typeformFields)
        : sources;
  }

  /**
   * Whether the relay listens beyond loopback ({@code 0.0.0.0}, a LAN address, a host name that
   * does not resolve to loopback): then a source without a signing secret needs its opt-in.
   */
  public boolean networkExposed() {
    try {
      return !InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return true;
    }
  }

  /**
   * Everything that keeps the relay from starting safely, as sentences naming the setting: each
   * source's problems (see {@link SourceConfig#problems}) and sources sharing a name. Empty when it
   * may start.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    Set<String> names = new HashSet<>();
    boolean exposed = networkExposed();
    for (SourceConfig source : effectiveSources()) {
      if (!names.add(source.name())) {
        problems.add("two sources are named " + source.name() + "; each needs its own endpoint");
      }
      problems.addAll(source.problems(exposed));
    }
    return problems;
  }

  /** Secrets are redacted, so the configuration can be logged. */
  @Override
  public String toString() {
    return "RelayConfig[host="
        + host
        + ", port="
        + port
        + ", maxBodyBytes="
        + maxBodyBytes
        + ", maxInputBytes="
        + maxInputBytes
        + ", typeformSecret="
        + (typeformSecret == null ? "unset" : "set")
        + ", webhookSecret="
        + (webhookSecret == null ? "unset" : "set")
        + ", typeformFields="
        + typeformFields
        + ", maxThreads="
        + maxThreads
        + ", minThreads="
        + minThreads
        + ", queueCapacity="
        + queueCapacity
        + ", maxInFlightStarts="
        + maxInFlightStarts
        + ", maxWaitingStarts="
        + maxWaitingStarts
        + ", overloadRetryAfter="
        + overloadRetryAfter
        + ", idleTimeout="
        + idleTimeout
        + ", startTimeout="
        + startTimeout
        + ", shutdownTimeout="
        + shutdownTimeout
        + ", sources="
        + sources
        + "]";
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static int intVar(Map<String, String> env, String name, int fallback) {
    return Math.toIntExact(longVar(env, name, fallback));
  }

  private static long longVar(Map<String, String> env, String name, long fallback) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
    }
  }

  private static Duration millisVar(Map<String, String> env, String name, Duration fallback) {
    return Duration.ofMillis(longVar(env, name, fallback.toMillis()));
  }

  /** Builds a {@link RelayConfig}; starts from the defaults. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private long maxInputBytes = DEFAULT_MAX_INPUT_BYTES;
    private String typeformSecret;
    private String webhookSecret;
    private TypeformFieldMapping typeformFields = TypeformFieldMapping.IDENTITY;
    private int maxThreads = 32;
    private int minThreads = 4;
    private int queueCapacity = 512;
    private int maxInFlightStarts = DEFAULT_MAX_IN_FLIGHT_STARTS;
    private int maxWaitingStarts = DEFAULT_MAX_WAITING_STARTS;
    private Duration overloadRetryAfter = DEFAULT_OVERLOAD_RETRY_AFTER;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private List<SourceConfig> sources = List.of();

    private Builder() {}

    private Builder(RelayConfig c) {
      host = c.host;
      port = c.port;
      maxBodyBytes = c.maxBodyBytes;
      maxInputBytes = c.maxInputBytes;
      typeformSecret = c.typeformSecret;
      webhookSecret = c.webhookSecret;
      typeformFields = c.typeformFields;
      maxThreads = c.maxThreads;
      minThreads = c.minThreads;
      queueCapacity = c.queueCapacity;
      maxInFlightStarts = c.maxInFlightStarts;
      maxWaitingStarts = c.maxWaitingStarts;
      overloadRetryAfter = c.overloadRetryAfter;
      idleTimeout = c.idleTimeout;
      startTimeout = c.startTimeout;
      shutdownTimeout = c.shutdownTimeout;
      sources = c.sources;
    }

    /** The webhook sources; empty for the three defaults. */
    public Builder sources(List<SourceConfig> sources) {
      this.sources = sources;
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder maxBodyBytes(long maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    public Builder maxInputBytes(long maxInputBytes) {
      this.maxInputBytes = maxInputBytes;
      return this;
    }

    public Builder typeformSecret(String typeformSecret) {
      this.typeformSecret = typeformSecret;
      return this;
    }

    public Builder webhookSecret(String webhookSecret) {
      this.webhookSecret = webhookSecret;
      return this;
    }

    public Builder typeformFields(TypeformFieldMapping typeformFields) {
      this.typeformFields = typeformFields;
      return this;
    }

    public Builder maxThreads(int maxThreads) {
      this.maxThreads = maxThreads;
      return this;
    }

    public Builder minThreads(int minThreads) {
      this.minThreads = minThreads;
      return this;
    }

    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
      return this;
    }

    public Builder maxInFlightStarts(int maxInFlightStarts) {
      this.maxInFlightStarts = maxInFlightStarts;
      return this;
    }

    public Builder maxWaitingStarts(int maxWaitingStarts) {
      this.maxWaitingStarts = maxWaitingStarts;
      return this;
    }

    /** The {@code Retry-After} of a {@code relay_overloaded} answer; whole seconds, at least 1. */
    public Builder overloadRetryAfter(Duration overloadRetryAfter) {
      this.overloadRetryAfter = overloadRetryAfter;
      return this;
    }

    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = startTimeout;
      return this;
    }

    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException when a value is out of range
     */
    public RelayConfig build() {
      return new RelayConfig(
          host,
          port,
          maxBodyBytes,
          maxInputBytes,
          typeformSecret,
          webhookSecret,
          typeformFields,
          maxThreads,
          minThreads,
          queueCapacity,
          maxInFlightStarts,
          maxWaitingStarts,
          overloadRetryAfter,
          idleTimeout,
          startTimeout,
          shutdownTimeout,
          sources);
    }
  }
}
