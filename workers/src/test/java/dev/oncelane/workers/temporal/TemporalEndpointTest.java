package dev.oncelane.workers.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.workers.config.LaneEnvironment;
import io.grpc.Metadata;
import io.temporal.authorization.AuthorizationGrpcMetadataProvider;
import io.temporal.serviceclient.GrpcMetadataProvider;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Option building only: nothing here dials a server. */
class TemporalEndpointTest {

  private static final String CLOUD = "orders.a1b2c.tmprl.cloud:7233";

  private final Path clientCert = resource("tls/client.pem");
  private final Path clientKey = resource("tls/client.key");

  @Test
  void withoutSecuritySettingsTheConnectionIsPlaintextAndAnonymous() {
    TemporalEndpoint endpoint = TemporalEndpoint.fromEnv("127.0.0.1:7233", "default", Map.of());

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
        TemporalEndpoint.fromEnv(CLOUD, "orders.a1b2c", Map.of("TEMPORAL_API_KEY", " key-123 "));

    WorkflowServiceStubsOptions options = endpoint.serviceStubsOptions();
    assertTrue(options.getEnableHttps());
    assertEquals(List.of("Bearer key-123"), authorizationHeaders(options));
    assertEquals("orders.a1b2c", endpoint.clientOptions().getNamespace());
  }

  @Test
  void tlsCanBeTurnedOffForAnApiKeySentToALocalProxy() {
    TemporalEndpoint endpoint =
        TemporalEndpoint.fromEnv(
            "127.0.0.1:7233",
            "default",
            Map.of("TEMPORAL_API_KEY", "key-123", "TEMPORAL_TLS", "false"));

    WorkflowServiceStubsOptions options = endpoint.serviceStubsOptions();
    assertFalse(options.getEnableHttps());
    assertEquals(List.of("Bearer key-123"), authorizationHeaders(options));
  }

  @Test
  void tlsAloneTrustsTheServerWithTheJdkCas() {
    WorkflowServiceStubsOptions options =
        TemporalEndpoint.fromEnv("temporal.example:7233", "prod", Map.of("TEMPORAL_TLS", "TRUE"))
            .serviceStubsOptions();

    assertTrue(options.getEnableHttps());
    assertNull(options.getSslContext());
    assertEquals(List.of(), authorizationHeaders(options));
  }

  @Test
  void aClientCertificateAndKeyGiveMutualTls() {
    TemporalEndpoint endpoint =
        TemporalEndpoint.fromEnv(
            CLOUD,
            "orders.a1b2c",
            Map.of(
                "TEMPORAL_TLS_CLIENT_CERT_PATH", clientCert.toString(),
                "TEMPORAL_TLS_CLIENT_KEY_PATH", clientKey.toString()));

    assertTrue(endpoint.tls());
    WorkflowServiceStubsOptions options = endpoint.serviceStubsOptions();
    assertNotNull(options.getSslContext());
    assertTrue(options.getSslContext().isClient());
    assertEquals(List.of(), authorizationHeaders(options));
  }

  @Test
  void aPrivateCaAndServerNameAreUsedForTheServersCertificate() {
    TemporalEndpoint endpoint =
        TemporalEndpoint.fromEnv(
            "10.0.0.5:7233",
            "prod",
            Map.of(
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
    IllegalArgumentException failure =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TemporalEndpoint.fromEnv(
                    CLOUD, "ns", Map.of("TEMPORAL_TLS_CLIENT_CERT_PATH", clientCert.toString())));

    assertEquals(
        "mutual TLS needs both TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH",
        failure.getMessage());
  }

  @Test
  void aMissingCertificateFileIsReportedWithItsVariableAndPath() {
    TemporalEndpoint endpoint =
        TemporalEndpoint.fromEnv(
            CLOUD,
            "ns",
            Map.of(
                "TEMPORAL_TLS_CLIENT_CERT_PATH",
                "/nonexistent/client.pem",
                "TEMPORAL_TLS_CLIENT_KEY_PATH",
                clientKey.toString()));

    IllegalArgumentException failure =
        assertThrows(IllegalArgumentException.class, endpoint::serviceStubsOptions);

    assertTrue(
        failure
            .getMessage()
            .contains("TEMPORAL_TLS_CLIENT_CERT_PATH names /nonexistent/client.pem"),
        failure.getMessage());
  }

  @Test
  void contradictoryOrMalformedTlsSettingsAreRefused() {
    assertEquals(
        "TEMPORAL_TLS must be true or false, not 'yes'",
        assertThrows(
                IllegalArgumentException.class,
                () -> TemporalEndpoint.fromEnv(CLOUD, "ns", Map.of("TEMPORAL_TLS", "yes")))
            .getMessage());
    Map<String, String> contradiction = new HashMap<>();
    contradiction.put("TEMPORAL_TLS", "false");
    contradiction.put("TEMPORAL_TLS_CLIENT_CERT_PATH", clientCert.toString());
    contradiction.put("TEMPORAL_TLS_CLIENT_KEY_PATH", clientKey.toString());
    assertEquals(
        "TEMPORAL_TLS=false contradicts TEMPORAL_TLS_CLIENT_CERT_PATH",
        assertThrows(
                IllegalArgumentException.class,
                () -> TemporalEndpoint.fromEnv(CLOUD, "ns", contradiction))
            .getMessage());
  }

  @Test
  void theApiKeyNeverAppearsInADescription() {
    TemporalEndpoint endpoint =
        TemporalEndpoint.fromEnv(CLOUD, "orders.a1b2c", Map.of("TEMPORAL_API_KEY", "key-123"));

    assertEquals(
        "TemporalEndpoint[" + CLOUD + " (namespace orders.a1b2c, TLS, API key)]",
        endpoint.toString());
  }

  @Test
  void aConnectionFromTheLaneEnvironmentCarriesItsSecuritySettings() {
    LaneEnvironment environment =
        LaneEnvironment.fromEnv(
            Map.of(
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
