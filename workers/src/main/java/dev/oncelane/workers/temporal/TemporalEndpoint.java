package dev.oncelane.workers.temporal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.oncelane.workers.config.ConfigException;
import dev.oncelane.workers.config.ConfigProblem;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.envconfig.ClientConfig;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.ClientConfigTLS;
import io.temporal.envconfig.LoadClientConfigOptions;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How to reach and authenticate to a Temporal frontend (a local server, a self-hosted cluster or
 * Temporal Cloud), read as the {@code temporal} CLI reads it, through Temporal's environment
 * configuration ({@code temporal-envconfig}): a profile of a TOML file, with the {@code TEMPORAL_*}
 * variables laid over it.
 *
 * <ul>
 *   <li>The file: {@value #CONFIG_FILE}, else {@code ~/.config/temporalio/temporal.toml} ({@code
 *       ~/Library/Application Support/temporalio/temporal.toml} on macOS, {@code
 *       %APPDATA%\temporalio\temporal.toml} on Windows); no file is fine. The profile: {@value
 *       #PROFILE}, else {@code default} (which may be absent). Its keys, e.g. {@code
 *       [profile.prod]}: {@code address}, {@code namespace}, {@code api_key}, {@code
 *       [profile.prod.tls] disabled, client_cert_path, client_key_path, server_ca_cert_path,
 *       server_name}.
 *   <li>{@value #ADDRESS} (default {@value #DEFAULT_ADDRESS}), {@value #NAMESPACE} (default {@value
 *       #DEFAULT_NAMESPACE}).
 *   <li>{@value #API_KEY}: API-key authentication ({@code Authorization: Bearer …}); turns TLS on.
 *   <li>{@value #CLIENT_CERT_PATH} and {@value #CLIENT_KEY_PATH}: mutual TLS with a PEM certificate
 *       chain and a PKCS#8 PEM key; turn TLS on. {@value #SERVER_CA_CERT_PATH}: trust this CA (PEM)
 *       instead of the JDK's. {@value #SERVER_NAME}: the name the server's certificate is checked
 *       against. Each turns TLS on, as in the CLI; the {@code _DATA} forms take the PEM itself.
 *   <li>{@value #TLS}: {@code true} forces TLS on (a server with a public certificate and no client
 *       authentication); {@code false} forces it off, e.g. an API key sent to a local proxy.
 *   <li>{@code TEMPORAL_GRPC_META_<NAME>}: a gRPC header sent on every call.
 * </ul>
 *
 * <p>Blank variables count as unset. On top of envconfig, {@link #load} refuses what envconfig
 * would silently misread ({@code TEMPORAL_TLS=yes} is {@code false} to it), settings that cannot
 * work together, and certificate files that cannot be used, each named with its origin.
 *
 * <p>Neither {@link #toString()} nor {@link #describe()} ever shows the API key; the envconfig
 * profile held here is never printed, since its own {@code toString} does.
 */
public final class TemporalEndpoint {

  public static final String ADDRESS = "TEMPORAL_ADDRESS";
  public static final String NAMESPACE = "TEMPORAL_NAMESPACE";
  public static final String API_KEY = "TEMPORAL_API_KEY";
  public static final String TLS = "TEMPORAL_TLS";
  public static final String CLIENT_CERT_PATH = "TEMPORAL_TLS_CLIENT_CERT_PATH";
  public static final String CLIENT_CERT_DATA = "TEMPORAL_TLS_CLIENT_CERT_DATA";
  public static final String CLIENT_KEY_PATH = "TEMPORAL_TLS_CLIENT_KEY_PATH";
  public static final String CLIENT_KEY_DATA = "TEMPORAL_TLS_CLIENT_KEY_DATA";
  public static final String SERVER_CA_CERT_PATH = "TEMPORAL_TLS_SERVER_CA_CERT_PATH";
  public static final String SERVER_CA_CERT_DATA = "TEMPORAL_TLS_SERVER_CA_CERT_DATA";
  public static final String SERVER_NAME = "TEMPORAL_TLS_SERVER_NAME";
  public static final String DISABLE_HOST_VERIFICATION = "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION";
  public static final String CONFIG_FILE = "TEMPORAL_CONFIG_FILE";
  public static final String PROFILE = "TEMPORAL_PROFILE";

  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";
  public static final String DEFAULT_NAMESPACE = "default";
  public static final String DEFAULT_PROFILE = "default";

  private static final String ENVIRONMENT = "environment";
  private static final Set<String> SETTINGS =
      Set.of(
          ADDRESS,
          NAMESPACE,
          API_KEY,
          TLS,
          CLIENT_CERT_PATH,
          CLIENT_CERT_DATA,
          CLIENT_KEY_PATH,
          CLIENT_KEY_DATA,
          SERVER_CA_CERT_PATH,
          SERVER_CA_CERT_DATA,
          SERVER_NAME,
          DISABLE_HOST_VERIFICATION,
          CONFIG_FILE,
          PROFILE);

  /** Never printed, logged or put in a message: its {@code toString} shows the API key. */
  private final ClientConfigProfile profile;

  /** Which file profile supplied settings, for {@link #describe()}; null when none did. */
  private final String fileProfile;

  private TemporalEndpoint(ClientConfigProfile profile, String fileProfile) {
    this.profile = profile;
    this.fileProfile = fileProfile;
  }

  /** A plaintext, unauthenticated endpoint: the dev server, a local cluster. */
  public static TemporalEndpoint plain(String address, String namespace) {
    return new TemporalEndpoint(
        ClientConfigProfile.newBuilder().setAddress(address).setNamespace(namespace).build(), null);
  }

  /**
   * The endpoint the environment configures (see the class description): the profile file, then the
   * variables over it.
   *
   * @param environment the process environment; {@value #CONFIG_FILE} names the file, or the
   *     platform's default location is used
   * @throws ConfigException listing every problem, each with its origin ({@code environment} with
   *     the variable named in the message, or the profile file's path with the profile and key)
   */
  public static TemporalEndpoint load(Map<String, String> environment) {
    Map<String, String> env = normalized(environment);
    List<ConfigProblem> problems = new ArrayList<>();
    checkBoolean(env, TLS, problems);
    checkBoolean(env, DISABLE_HOST_VERIFICATION, problems);
    Path file = configFile(env);
    if (env.containsKey(CONFIG_FILE) && !Files.isRegularFile(file)) {
      problems.add(
          new ConfigProblem(ENVIRONMENT, CONFIG_FILE + " names " + file + ", which is not a file"));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    String profileName = env.getOrDefault(PROFILE, DEFAULT_PROFILE);
    ClientConfigProfile loaded;
    try {
      try {
        loaded = loadProfile(env, file, false);
      } catch (NullPointerException e) {
        // envconfig 1.38.0 fails this way on a file without any [profile.*] table (empty, or
        // only comments), which the temporal CLI reads as no profiles: so do we.
        if (env.containsKey(PROFILE)) {
          throw new ConfigException(List.of(profileNotDefined(profileName, file)));
        }
        loaded = loadProfile(env, file, true);
      }
    } catch (IOException e) {
      throw new ConfigException(
          List.of(
              new ConfigProblem(
                  String.valueOf(file),
                  "not a Temporal client configuration file (TOML): " + safeMessage(e))));
    } catch (IllegalArgumentException e) {
      // The only refusal envconfig makes here: the named profile is not in the file.
      throw new ConfigException(List.of(profileNotDefined(profileName, file)));
    }
    Origins origins = new Origins(env, file, profileName, fileDefines(file, profileName, env));
    TemporalEndpoint endpoint =
        new TemporalEndpoint(withDefaults(loaded), origins.fileUsed() ? origins.fileLabel() : null);
    endpoint.check(origins, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return endpoint;
  }

  /** This endpoint at another address, e.g. from {@code --temporal-address}. */
  public TemporalEndpoint withAddress(String address) {
    return new TemporalEndpoint(profile.toBuilder().setAddress(address).build(), fileProfile);
  }

  /** host:port of the frontend. */
  public String address() {
    return profile.getAddress();
  }

  /** The namespace the client works in. */
  public String namespace() {
    return profile.getNamespace();
  }

  /** Whether an API key is sent (never the key itself). */
  public boolean hasApiKey() {
    return profile.getApiKey() != null;
  }

  /** Whether the connection uses TLS, as envconfig and the SDK decide it. */
  public boolean tls() {
    ClientConfigTLS tls = profile.getTls();
    if (tls != null && Boolean.TRUE.equals(tls.isDisabled())) {
      return false;
    }
    return tls != null || hasApiKey();
  }

  /** Whether the client presents a certificate (mutual TLS). */
  public boolean mutualTls() {
    ClientConfigTLS tls = profile.getTls();
    return tls()
        && tls != null
        && (present(tls.getClientCertPath()) || present(tls.getClientCertData()));
  }

  /** The expected name in the server's certificate, or null for the address's host. */
  public String serverName() {
    ClientConfigTLS tls = profile.getTls();
    return tls == null ? null : tls.getServerName();
  }

  /**
   * The service-stub options for this endpoint, built by envconfig. Reads the certificate files
   * now.
   *
   * @throws IllegalArgumentException if a certificate or key file can no longer be used
   */
  public WorkflowServiceStubsOptions serviceStubsOptions() {
    WorkflowServiceStubsOptions built;
    try {
      built = profile.toWorkflowServiceStubsOptions();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot set up TLS to Temporal: " + rootMessage(e), e.getCause());
    }
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder(built);
    if (!tls()) {
      // envconfig leaves TLS unset when it is disabled, and the SDK then turns it on by itself
      // for an API key: an API key sent to a plaintext local proxy would never connect.
      options.setEnableHttps(false);
    }
    return options.build();
  }

  /** The client options: the namespace. */
  public WorkflowClientOptions clientOptions() {
    return profile.toWorkflowClientOptions();
  }

  /**
   * The address, namespace, kind of security and profile, for a start-up line, e.g. {@code
   * orders.a1b2c.tmprl.cloud:7233 (namespace orders.a1b2c, TLS, API key)}: never a secret.
   */
  public String describe() {
    String security = mutualTls() ? "mutual TLS" : tls() ? "TLS" : "plaintext";
    return address()
        + " (namespace "
        + namespace()
        + ", "
        + security
        + (hasApiKey() ? ", API key" : "")
        + (fileProfile != null ? ", " + fileProfile : "")
        + ")";
  }

  @Override
  public String toString() {
    return "TemporalEndpoint[" + describe() + "]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TemporalEndpoint that
        && profile.equals(that.profile)
        && Objects.equals(fileProfile, that.fileProfile);
  }

  @Override
  public int hashCode() {
    return Objects.hash(profile, fileProfile);
  }

  private static ClientConfigProfile loadProfile(
      Map<String, String> env, Path file, boolean withoutFile) throws IOException {
    return ClientConfigProfile.load(
        LoadClientConfigProfileOptions.newBuilder()
            .setConfigFilePath(file == null ? null : file.toString())
            .setDisableFile(withoutFile)
            .setEnvOverrides(env)
            .build());
  }

  private static ConfigProblem profileNotDefined(String profileName, Path file) {
    return new ConfigProblem(
        ENVIRONMENT,
        PROFILE
            + " names profile '"
            + profileName
            + "', which "
            + (file != null && Files.isRegularFile(file)
                ? file + " does not define"
                : "is in no file (" + CONFIG_FILE + " to name one)"));
  }

  /** Whether {@code file} exists and has the profile (an absent {@code default} is allowed). */
  private static boolean fileDefines(Path file, String profileName, Map<String, String> env) {
    if (file == null || !Files.isRegularFile(file)) {
      return false;
    }
    try {
      return ClientConfig.load(
              LoadClientConfigOptions.newBuilder()
                  .setConfigFilePath(file.toString())
                  .setEnvOverrides(env)
                  .build())
          .getProfiles()
          .containsKey(profileName);
    } catch (IOException | NullPointerException e) {
      return false; // read just before, so only a file without profiles (see load) gets here
    }
  }

  /** What envconfig would accept but cannot work, each named where it was set. */
  private void check(Origins origins, List<ConfigProblem> problems) {
    ClientConfigTLS tls = profile.getTls();
    if (tls == null) {
      return;
    }
    boolean cert = present(tls.getClientCertPath()) || present(tls.getClientCertData());
    boolean key = present(tls.getClientKeyPath()) || present(tls.getClientKeyData());
    boolean ca = present(tls.getServerCACertPath()) || present(tls.getServerCACertData());
    if (cert != key) {
      String set = cert ? CLIENT_CERT_PATH : CLIENT_KEY_PATH;
      problems.add(
          origins.problem(
              set,
              "mutual TLS needs both "
                  + origins.nameLike(CLIENT_CERT_PATH, set)
                  + " and "
                  + origins.nameLike(CLIENT_KEY_PATH, set)));
    }
    if (Boolean.TRUE.equals(tls.isDisabled()) && (cert || ca)) {
      String contradicted = cert ? CLIENT_CERT_PATH : SERVER_CA_CERT_PATH;
      problems.add(
          origins.problem(
              TLS,
              origins.name(TLS)
                  + (origins.fromEnvironment(TLS) ? "=false" : " = true")
                  + " contradicts "
                  + origins.name(contradicted)));
    }
    readable(tls.getClientCertPath(), CLIENT_CERT_PATH, origins, problems);
    readable(tls.getClientKeyPath(), CLIENT_KEY_PATH, origins, problems);
    readable(tls.getServerCACertPath(), SERVER_CA_CERT_PATH, origins, problems);
    if (problems.isEmpty() && tls()) {
      // Build the TLS context once now, so a malformed PEM is a configuration problem at start.
      try {
        profile.toWorkflowServiceStubsOptions();
      } catch (RuntimeException e) {
        String setting = cert ? CLIENT_CERT_PATH : SERVER_CA_CERT_PATH;
        problems.add(origins.problem(setting, "cannot set up TLS to Temporal: " + rootMessage(e)));
      }
    }
  }

  private static void readable(
      String file, String variable, Origins origins, List<ConfigProblem> problems) {
    if (present(file) && !Files.isReadable(Path.of(file))) {
      problems.add(
          origins.problem(
              variable, origins.name(variable) + " names " + file + ", which cannot be read"));
    }
  }

  /** Fills the defaults the SDK would apply, so they show, and drops a blank API key. */
  private static ClientConfigProfile withDefaults(ClientConfigProfile loaded) {
    String apiKey = loaded.getApiKey() == null ? null : loaded.getApiKey().trim();
    return loaded.toBuilder()
        .setAddress(present(loaded.getAddress()) ? loaded.getAddress().trim() : DEFAULT_ADDRESS)
        .setNamespace(
            present(loaded.getNamespace()) ? loaded.getNamespace().trim() : DEFAULT_NAMESPACE)
        .setApiKey(present(apiKey) ? apiKey : null)
        .build();
  }

  /** The environment with our variables trimmed and the blank ones removed. */
  private static Map<String, String> normalized(Map<String, String> environment) {
    Map<String, String> env = new HashMap<>(environment);
    for (String name : SETTINGS) {
      String value = env.get(name);
      if (value != null && value.isBlank()) {
        env.remove(name);
      } else if (value != null) {
        env.put(name, value.trim());
      }
    }
    return env;
  }

  private static void checkBoolean(
      Map<String, String> env, String variable, List<ConfigProblem> problems) {
    String value = env.get(variable);
    if (value != null) {
      String lower = value.toLowerCase(Locale.ROOT);
      if (!lower.equals("true") && !lower.equals("false")) {
        problems.add(
            new ConfigProblem(
                ENVIRONMENT, variable + " must be true or false, not '" + value + "'"));
      }
    }
  }

  /**
   * The file envconfig reads: {@value #CONFIG_FILE}, else the platform's default (as {@code
   * io.temporal.envconfig.ClientConfig} computes it), so problems can name it; null when there is
   * no home directory.
   */
  private static Path configFile(Map<String, String> env) {
    if (env.containsKey(CONFIG_FILE)) {
      return Path.of(env.get(CONFIG_FILE));
    }
    String home = System.getProperty("user.home");
    if (home == null || home.isEmpty()) {
      return null;
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.contains("mac")) {
      return Path.of(home, "Library", "Application Support", "temporalio", "temporal.toml");
    }
    if (os.contains("win")) {
      String appData = System.getenv("APPDATA");
      return appData == null || appData.isEmpty()
          ? null
          : Path.of(appData, "temporalio", "temporal.toml");
    }
    return Path.of(home, ".config", "temporalio", "temporal.toml");
  }

  /** A parse failure's reason and position, without the source text (it may hold the key). */
  private static String safeMessage(IOException e) {
    if (e instanceof JsonProcessingException parse) {
      JsonLocation at = parse.getLocation();
      return parse.getOriginalMessage().lines().findFirst().orElse("")
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }
    return e.getClass().getSimpleName();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  private static boolean present(byte[] value) {
    return value != null && value.length > 0;
  }

  /** Where each setting came from: a variable, else the file's profile. */
  private record Origins(Map<String, String> env, Path file, String profile, boolean fileUsed) {

    private static final Map<String, String> TOML_KEYS =
        Map.of(
            TLS, "tls.disabled",
            CLIENT_CERT_PATH, "tls.client_cert_path",
            CLIENT_KEY_PATH, "tls.client_key_path",
            SERVER_CA_CERT_PATH, "tls.server_ca_cert_path");

    boolean fromEnvironment(String variable) {
      return env.containsKey(variable);
    }

    String fileLabel() {
      return "profile '" + profile + "' of " + file;
    }

    /** The variable when it is set (or no file profile is used), else the file's key. */
    String name(String variable) {
      return nameLike(variable, variable);
    }

    /** {@code variable} named as {@code set} is: as a variable, or as the file's key. */
    String nameLike(String variable, String set) {
      return fromEnvironment(set) || !fileUsed()
          ? variable
          : "profile." + profile + "." + TOML_KEYS.get(variable);
    }

    ConfigProblem problem(String variable, String message) {
      return new ConfigProblem(
          fromEnvironment(variable) || !fileUsed() ? ENVIRONMENT : file.toString(), message);
    }
  }
}
