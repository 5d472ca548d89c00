package dev.oncelane.workers.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.workers.commands.ConfigCommand;
import dev.oncelane.workers.config.ConfigException;
import dev.oncelane.workers.config.ConfigProblem;
import dev.oncelane.workers.config.LaneEnvironment;
import dev.oncelane.workers.config.OncelaneConfig;
import io.grpc.Metadata;
import io.temporal.authorization.AuthorizationGrpcMetadataProvider;
import io.temporal.serviceclient.GrpcMetadataProvider;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading through temporal-envconfig and option building only: nothing here dials a server. Every
 * environment names a profile file in a temporary directory, so the machine's own {@code temporal}
 * CLI profile never leaks in.
 */
class TemporalEndpointTest {

  private static final String CLOUD = "orders.a1b2c.tmprl.cloud:7233";

  private final Path clientCert = resource("tls/client.pem");
  private final Path clientKey = resource("tls/client.key");

  @TempDir Path dir;

  /** A profile file without a {@code default} profile: the variables alone decide. */
  private Path unrelatedProfiles;

  @BeforeEach
  void writeUnrelatedProfiles() throws IOException {
    unrelatedProfiles =
        Files.writeString(
            dir.resolve("unrelated.toml"),
            "[profile.elsewhere]\naddress = \"elsewhere.example:7233\"\n");
  }

  /** The variables, with {@code TEMPORAL_CONFIG_FILE} naming {@link #unrelatedProfiles}. */
  private Map<String, String> env(String... variables) {
    Map<String, String> env = new HashMap<>();
    env.put("TEMPORAL_CONFIG_FILE", unrelatedProfiles.toString());
    for (int i = 0; i < variables.length; i += 2) {
      env.put(variables[i], variables[i + 1]);
    }
    return env;
  }

  private static List<ConfigProblem> problems(Map<String, String> env) {
    return assertThrows(ConfigException.class, () -> TemporalEndpoint.load(env)).problems();
  }

  private static ConfigProblem fromEnvironment(String message) {
    return new ConfigProblem("environment", message);
  }

  @Test
  void withoutSecuritySettingsTheConnectionIsPlaintextAndAnonymous() {
    TemporalEndpoint endpoint = TemporalEndpoint.load(env());

    assertEquals(TemporalEndpoint.plain("127.0.0.1:7233", "default"), endpoint);
    WorkflowServiceStubsOptions options = endpoint.serviceStubsOptions();
    assertEquals("127.0.0.1:7233", options.getTarget());
    assertFalse(options.getEnableHttps());
    assertNull(options.getSslContext());
    assertEquals(List.of(), authorizationHeaders(options));
  }

  @Test
  void anApiKeyIsSentAsABearerTokenOverTls() {
    TemporalEndpoint endpoint =
        TemporalEndpoint.load(
            env(
                "TEMPORAL_ADDRESS", CLOUD,
                "TEMPORAL_NAMESPACE", "orders.a1b2c",
                "TEMPORAL_API_KEY", " key-123 "));

    WorkflowServiceStubsOptions options = endpoint.serviceStubsOptions();
    assertTrue(options.getEnableHttps());
    assertEquals(List.of("Bearer key-123"), authorizationHeaders(options));
    assertEquals("orders.a1b2c", endpoint.clientOptions().getNamespace());
  }

  @Test
  void tlsCanBeTurnedOffForAnApiKeySentToALocalProxy() {
    TemporalEndpoint endpoint =
        TemporalEndpoint.load(env("TEMPORAL_API_KEY", "key-123", "TEMPORAL_TLS", "false"));

    WorkflowServiceStubsOptions options = endpoint.serviceStubsOptions();
    assertFalse(options.getEnableHttps());
    assertEquals(List.of("Bearer key-123"), authorizationHeaders(options));
  }

  @Test
  void tlsAloneTrustsTheServerWithTheJdkCas() {
    TemporalEndpoint endpoint =
        TemporalEndpoint.load(
            env("TEMPORAL_ADDRESS", "temporal.example:7233", "TEMPORAL_TLS", "TRUE"));
    WorkflowServiceStubsOptions options = endpoint.serviceStubsOptions();

    // envconfig builds the context itself (GrpcSslContexts.forClient() with no trust manager: the
    // JDK's CAs), where the SDK's own setEnableHttps(true) builds the same one when connecting.
    assertTrue(endpoint.tls());
    assertFalse(endpoint.mutualTls());
    assertNotNull(options.getSslContext());
    assertTrue(options.getSslContext().isClient());
    assertEquals(List.of(), authorizationHeaders(options));
  }

  @Test
  void aClientCertificateAndKeyGiveMutualTls() {
    TemporalEndpoint endpoint =
        TemporalEndpoint.load(
            env(
                "TEMPORAL_ADDRESS", CLOUD,
                "TEMPORAL_TLS_CLIENT_CERT_PATH", clientCert.toString(),
                "TEMPORAL_TLS_CLIENT_KEY_PATH", clientKey.toString()));

    assertTrue(endpoint.tls());
    assertTrue(endpoint.mutualTls());
    WorkflowServiceStubsOptions options = endpoint.serviceStubsOptions();
    assertNotNull(options.getSslContext());
    assertTrue(options.getSslContext().isClient());
    assertEquals(List.of(), authorizationHeaders(options));
  }

  @Test
  void aPrivateCaAndServerNameAreUsedForTheServersCertificate() {
    TemporalEndpoint endpoint =
        TemporalEndpoint.load(
            env(
                "TEMPORAL_ADDRESS",
                "10.0.0.5:7233",
                "TEMPORAL_TLS_SERVER_CA_CERT_PATH",
                clientCert.toString(),
                "TEMPORAL_TLS_SERVER_NAME",
                "temporal.internal"));

    WorkflowServiceStubsOptions options = endpoint.serviceStubsOptions();
    assertNotNull(options.getSslContext());
    assertNotNull(options.getChannelInitializer());
    assertEquals("temporal.internal", endpoint.serverName());
  }

  @Test
  void aCertificateWithoutItsKeyIsRefusedNamingBothVariables() {
    assertEquals(
        List.of(
            fromEnvironment(
                "mutual TLS needs both TEMPORAL_TLS_CLIENT_CERT_PATH and"
                    + " TEMPORAL_TLS_CLIENT_KEY_PATH")),
        problems(env("TEMPORAL_TLS_CLIENT_CERT_PATH", clientCert.toString())));
  }

  @Test
  void aMissingCertificateFileIsReportedWithItsVariableAndPath() {
    // Found when the configuration is read (exit 2, listed), no longer at the first connection.
    assertEquals(
        List.of(
            fromEnvironment(
                "TEMPORAL_TLS_CLIENT_CERT_PATH names /nonexistent/client.pem, which cannot be"
                    + " read")),
        problems(
            env(
                "TEMPORAL_TLS_CLIENT_CERT_PATH",
                "/nonexistent/client.pem",
                "TEMPORAL_TLS_CLIENT_KEY_PATH",
                clientKey.toString())));
  }

  @Test
  void contradictoryOrMalformedTlsSettingsAreRefused() {
    assertEquals(
        List.of(fromEnvironment("TEMPORAL_TLS must be true or false, not 'yes'")),
        problems(env("TEMPORAL_TLS", "yes")));
    Map<String, String> contradiction = env();
    contradiction.put("TEMPORAL_TLS", "false");
    contradiction.put("TEMPORAL_TLS_CLIENT_CERT_PATH", clientCert.toString());
    contradiction.put("TEMPORAL_TLS_CLIENT_KEY_PATH", clientKey.toString());
    assertEquals(
        List.of(fromEnvironment("TEMPORAL_TLS=false contradicts TEMPORAL_TLS_CLIENT_CERT_PATH")),
        problems(contradiction));
  }

  @Test
  void theApiKeyNeverAppearsInADescription() {
    TemporalEndpoint endpoint =
        TemporalEndpoint.load(
            env(
                "TEMPORAL_ADDRESS", CLOUD,
                "TEMPORAL_NAMESPACE", "orders.a1b2c",
                "TEMPORAL_API_KEY", "key-123"));

    assertEquals(
        "TemporalEndpoint[" + CLOUD + " (namespace orders.a1b2c, TLS, API key)]",
        endpoint.toString());
  }

  @Test
  void aConnectionFromTheLaneEnvironmentCarriesItsSecuritySettings() {
    LaneEnvironment environment =
        LaneEnvironment.fromEnv(
            env(
                "TEMPORAL_ADDRESS", CLOUD,
                "TEMPORAL_NAMESPACE", "orders.a1b2c",
                "TEMPORAL_API_KEY", "key-123"));

    // Stubs connect lazily, so this dials nothing.
    try (TemporalConnection connection = TemporalConnection.connect(environment)) {
      WorkflowServiceStubsOptions options = connection.service().getOptions();
      assertEquals(CLOUD, options.getTarget());
      assertTrue(options.getEnableHttps());
      assertEquals(List.of("Bearer key-123"), authorizationHeaders(options));
      assertEquals("orders.a1b2c", connection.client().getOptions().getNamespace());
    }
  }

  @Test
  void aProfileFileSelectedByTemporalProfileSuppliesAddressNamespaceAndApiKey() throws IOException {
    Path file = cloudProfiles();

    TemporalEndpoint endpoint =
        TemporalEndpoint.load(
            Map.of("TEMPORAL_CONFIG_FILE", file.toString(), "TEMPORAL_PROFILE", "prod"));

    assertEquals(CLOUD, endpoint.address());
    assertEquals("orders.a1b2c", endpoint.namespace());
    WorkflowServiceStubsOptions options = endpoint.serviceStubsOptions();
    assertEquals(CLOUD, options.getTarget());
    assertTrue(options.getEnableHttps());
    assertEquals(List.of("Bearer file-key-456"), authorizationHeaders(options));
    assertEquals("orders.a1b2c", endpoint.clientOptions().getNamespace());
    assertEquals(
        CLOUD + " (namespace orders.a1b2c, TLS, API key, profile 'prod' of " + file + ")",
        endpoint.describe());
  }

  @Test
  void theDefaultProfileIsReadWhenNoProfileIsNamed() throws IOException {
    Path file = cloudProfiles();

    TemporalEndpoint endpoint =
        TemporalEndpoint.load(Map.of("TEMPORAL_CONFIG_FILE", file.toString()));

    assertEquals("staging.example:7233", endpoint.address());
    assertEquals("staging", endpoint.namespace());
    assertFalse(endpoint.tls());
  }

  @Test
  void variablesOverrideTheProfileFile() throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("TEMPORAL_CONFIG_FILE", cloudProfiles().toString());
    env.put("TEMPORAL_PROFILE", "prod");
    env.put("TEMPORAL_ADDRESS", "proxy.internal:7233");
    env.put("TEMPORAL_NAMESPACE", "orders-eu");
    env.put("TEMPORAL_API_KEY", "env-key-789");
    env.put("TEMPORAL_TLS", "false");

    TemporalEndpoint endpoint = TemporalEndpoint.load(env);

    WorkflowServiceStubsOptions options = endpoint.serviceStubsOptions();
    assertEquals("proxy.internal:7233", options.getTarget());
    assertEquals("orders-eu", endpoint.clientOptions().getNamespace());
    assertEquals(List.of("Bearer env-key-789"), authorizationHeaders(options));
    assertFalse(options.getEnableHttps());
    assertNull(options.getSslContext());
  }

  @Test
  void temporalTlsYesIsRefusedWithItsOriginBeforeTheProfileIsRead() throws IOException {
    // The file is not even valid TOML: the variable is refused before envconfig reads anything.
    Path broken = Files.writeString(dir.resolve("broken.toml"), "[profile.prod\n");
    Map<String, String> env =
        Map.of("TEMPORAL_CONFIG_FILE", broken.toString(), "TEMPORAL_TLS", "yes");

    assertEquals(
        List.of(fromEnvironment("TEMPORAL_TLS must be true or false, not 'yes'")), problems(env));
    ConfigException atStart =
        assertThrows(ConfigException.class, () -> OncelaneConfig.load(null, env));
    assertTrue(
        atStart
            .problems()
            .contains(fromEnvironment("TEMPORAL_TLS must be true or false, not 'yes'")),
        atStart.getMessage());
  }

  @Test
  void aProfileTheFileDoesNotDefineIsRefusedNamingTheVariable() throws IOException {
    Path file = cloudProfiles();

    assertEquals(
        List.of(
            fromEnvironment(
                "TEMPORAL_PROFILE names profile 'qa', which " + file + " does not define")),
        problems(Map.of("TEMPORAL_CONFIG_FILE", file.toString(), "TEMPORAL_PROFILE", "qa")));
  }

  @Test
  void aProfileFileWithoutProfilesLeavesTheVariablesToDecide() throws IOException {
    Path commentsOnly = Files.writeString(dir.resolve("empty.toml"), "# profiles come later\n");

    TemporalEndpoint endpoint =
        TemporalEndpoint.load(
            Map.of("TEMPORAL_CONFIG_FILE", commentsOnly.toString(), "TEMPORAL_ADDRESS", CLOUD));

    assertEquals(TemporalEndpoint.plain(CLOUD, "default"), endpoint);
    assertEquals(
        List.of(
            fromEnvironment(
                "TEMPORAL_PROFILE names profile 'prod', which "
                    + commentsOnly
                    + " does not define")),
        problems(
            Map.of("TEMPORAL_CONFIG_FILE", commentsOnly.toString(), "TEMPORAL_PROFILE", "prod")));
  }

  @Test
  void aConfigFileThatDoesNotExistIsRefused() {
    Path missing = dir.resolve("missing.toml");

    assertEquals(
        List.of(fromEnvironment("TEMPORAL_CONFIG_FILE names " + missing + ", which is not a file")),
        problems(Map.of("TEMPORAL_CONFIG_FILE", missing.toString())));
  }

  @Test
  void contradictoryTlsSettingsInTheFileAreNamedByTheirFileAndKeys() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("contradiction.toml"),
            String.join(
                "\n",
                "[profile.prod]",
                "address = \"10.0.0.5:7233\"",
                "[profile.prod.tls]",
                "disabled = true",
                "client_cert_path = \"" + clientCert + "\"",
                ""));

    assertEquals(
        List.of(
            new ConfigProblem(
                file.toString(),
                "mutual TLS needs both profile.prod.tls.client_cert_path and"
                    + " profile.prod.tls.client_key_path"),
            new ConfigProblem(
                file.toString(),
                "profile.prod.tls.disabled = true contradicts profile.prod.tls.client_cert_path")),
        problems(Map.of("TEMPORAL_CONFIG_FILE", file.toString(), "TEMPORAL_PROFILE", "prod")));
  }

  @Test
  void aMalformedProfileFileIsReportedWithItsPathAndNeverItsContent() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("malformed.toml"), "[profile.prod]\napi_key = \"file-key-456\n");

    List<ConfigProblem> problems = problems(Map.of("TEMPORAL_CONFIG_FILE", file.toString()));

    assertEquals(1, problems.size(), problems.toString());
    assertEquals(file.toString(), problems.get(0).where());
    assertTrue(
        problems.get(0).message().startsWith("not a Temporal client configuration file (TOML)"),
        problems.get(0).message());
    assertFalse(problems.get(0).message().contains("file-key-456"), problems.get(0).message());
  }

  @Test
  void theDescriptionNeverContainsTheApiKey() throws IOException {
    Map<String, String> env =
        Map.of("TEMPORAL_CONFIG_FILE", cloudProfiles().toString(), "TEMPORAL_PROFILE", "prod");
    TemporalEndpoint fromFile = TemporalEndpoint.load(env);
    TemporalEndpoint fromVariable =
        TemporalEndpoint.load(env("TEMPORAL_API_KEY", "env-key-789", "TEMPORAL_ADDRESS", CLOUD));
    StringWriter checked = new StringWriter();
    ConfigCommand.print(OncelaneConfig.load(null, env), new PrintWriter(checked, true));

    for (String shown :
        List.of(
            fromFile.describe(),
            fromFile.toString(),
            fromVariable.describe(),
            fromVariable.toString(),
            checked.toString())) {
      assertTrue(shown.contains("API key"), shown);
      assertFalse(shown.contains("file-key-456") || shown.contains("env-key-789"), shown);
    }
    assertTrue(
        checked.toString().contains("temporal   " + fromFile.describe()), checked.toString());
  }

  /** {@code default}: a plaintext staging server; {@code prod}: Temporal Cloud with an API key. */
  private Path cloudProfiles() throws IOException {
    return Files.writeString(
        dir.resolve("temporal.toml"),
        String.join(
            "\n",
            "[profile.default]",
            "address = \"staging.example:7233\"",
            "namespace = \"staging\"",
            "",
            "[profile.prod]",
            "address = \"" + CLOUD + "\"",
            "namespace = \"orders.a1b2c\"",
            "api_key = \"file-key-456\"",
            ""));
  }

  private static List<String> authorizationHeaders(WorkflowServiceStubsOptions options) {
    if (options.getGrpcMetadataProviders() == null) {
      return List.of();
    }
    return options.getGrpcMetadataProviders().stream()
        .map(GrpcMetadataProvider::getMetadata)
        .map(TemporalEndpointTest::authorization)
        .filter(value -> value != null)
        .toList();
  }

  private static String authorization(Metadata metadata) {
    return metadata.get(AuthorizationGrpcMetadataProvider.AUTHORIZATION_HEADER_KEY);
  }

  private static Path resource(String name) {
    try {
      return Path.of(TemporalEndpointTest.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
