package dev.oncelane.workers.temporal;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * How to reach and authenticate to a Temporal frontend: a local server, a self-hosted cluster or
 * Temporal Cloud, configured by Temporal's standard environment variables.
 *
 * <ul>
 *   <li>{@value #API_KEY}: API-key authentication ({@code Authorization: Bearer …}); turns TLS on.
 *   <li>{@value #CLIENT_CERT_PATH} and {@value #CLIENT_KEY_PATH}: mutual TLS with a PEM certificate
 *       chain and a PKCS#8 PEM key; turns TLS on.
 *   <li>{@value #SERVER_CA_CERT_PATH}: trust this CA (PEM) instead of the JDK's; turns TLS on.
 *   <li>{@value #SERVER_NAME}: the name the server's certificate is checked against, when it is not
 *       the host in the address.
 *   <li>{@value #TLS}: {@code true} forces TLS on (a server with a public certificate and no client
 *       authentication); {@code false} forces it off, e.g. an API key sent to a local proxy.
 * </ul>
 *
 * <p>{@link #toString()} never shows the API key.
 *
 * @param address host:port of the frontend
 * @param namespace the namespace the client works in
 * @param apiKey the API key, or {@code null}
 * @param tls whether the connection uses TLS
 * @param clientCertPath the client certificate chain for mutual TLS, or {@code null}
 * @param clientKeyPath that certificate's private key, or {@code null}
 * @param serverCaCertPath the CA that signed the server's certificate, or {@code null} for the
 *     JDK's trusted CAs
 * @param serverName the expected name in the server's certificate, or {@code null}
 */
public record TemporalEndpoint(
    String address,
    String namespace,
    String apiKey,
    boolean tls,
    Path clientCertPath,
    Path clientKeyPath,
    Path serverCaCertPath,
    String serverName) {

  public static final String API_KEY = "TEMPORAL_API_KEY";
  public static final String TLS = "TEMPORAL_TLS";
  public static final String CLIENT_CERT_PATH = "TEMPORAL_TLS_CLIENT_CERT_PATH";
  public static final String CLIENT_KEY_PATH = "TEMPORAL_TLS_CLIENT_KEY_PATH";
  public static final String SERVER_CA_CERT_PATH = "TEMPORAL_TLS_SERVER_CA_CERT_PATH";
  public static final String SERVER_NAME = "TEMPORAL_TLS_SERVER_NAME";

  /** Rejects settings that cannot work together, naming the variables involved. */
  public TemporalEndpoint {
    if ((clientCertPath == null) != (clientKeyPath == null)) {
      throw new IllegalArgumentException(
          "mutual TLS needs both " + CLIENT_CERT_PATH + " and " + CLIENT_KEY_PATH);
    }
    if (!tls && (clientCertPath != null || serverCaCertPath != null)) {
      throw new IllegalArgumentException(
          TLS
              + "=false contradicts "
              + (clientCertPath != null ? CLIENT_CERT_PATH : SERVER_CA_CERT_PATH));
    }
  }

  /** A plaintext, unauthenticated endpoint: the dev server, a local cluster. */
  public static TemporalEndpoint plain(String address, String namespace) {
    return new TemporalEndpoint(address, namespace, null, false, null, null, null, null);
  }

  /**
   * The endpoint at {@code address} / {@code namespace} with the security settings the environment
   * names (see the class description).
   *
   * @throws IllegalArgumentException if a setting is malformed or contradicts another
   */
  public static TemporalEndpoint fromEnv(
      String address, String namespace, Map<String, String> environment) {
    String apiKey = value(environment, API_KEY);
    Path clientCert = path(environment, CLIENT_CERT_PATH);
    Path clientKey = path(environment, CLIENT_KEY_PATH);
    Path serverCa = path(environment, SERVER_CA_CERT_PATH);
    String tlsSetting = value(environment, TLS);
    boolean tls =
        tlsSetting == null
            ? apiKey != null || clientCert != null || serverCa != null
            : parseBoolean(tlsSetting);
    return new TemporalEndpoint(
        address,
        namespace,
        apiKey,
        tls,
        clientCert,
        clientKey,
        serverCa,
        value(environment, SERVER_NAME));
  }

  /**
   * The service-stub options for this endpoint. Reads the certificate files now, so a missing or
   * unreadable one fails at start-up rather than at the first call.
   *
   * @throws IllegalArgumentException if a certificate or key file cannot be used
   */
  public WorkflowServiceStubsOptions serviceStubsOptions() {
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder().setTarget(address);
    if (apiKey != null) {
      String key = apiKey;
      options.addApiKey(() -> key);
    }
    if (clientCertPath != null || serverCaCertPath != null) {
      options.setSslContext(sslContext());
    } else {
      // Explicit either way: the SDK would otherwise turn TLS on by itself for an API key.
      options.setEnableHttps(tls);
    }
    if (serverName != null) {
      options.setChannelInitializer(channel -> channel.overrideAuthority(serverName));
    }
    return options.build();
  }

  /** The client options: the namespace. */
  public WorkflowClientOptions clientOptions() {
    return WorkflowClientOptions.newBuilder().setNamespace(namespace).build();
  }

  /** The address, namespace and kind of security, for a start-up line: no secrets. */
  public String describe() {
    String security = clientCertPath != null ? "mutual TLS" : tls ? "TLS" : "plaintext";
    return address
        + " (namespace "
        + namespace
        + ", "
        + security
        + (apiKey != null ? ", API key" : "")
        + ")";
  }

  @Override
  public String toString() {
    return "TemporalEndpoint[" + describe() + "]";
  }

  private SslContext sslContext() {
    try {
      if (clientCertPath == null) {
        return withTrust(SimpleSslContextBuilder.noKeyOrCertChain()).build();
      }
      try (InputStream cert = open(clientCertPath, CLIENT_CERT_PATH);
          InputStream key = open(clientKeyPath, CLIENT_KEY_PATH)) {
        return withTrust(SimpleSslContextBuilder.forPKCS8(cert, key)).build();
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot set up TLS to Temporal: " + e.getMessage(), e);
    }
  }

  private SimpleSslContextBuilder withTrust(SimpleSslContextBuilder builder) throws IOException {
    return serverCaCertPath == null ? builder : builder.setTrustManager(trustManager());
  }

  private TrustManager trustManager() throws IOException {
    try (InputStream pem = open(serverCaCertPath, SERVER_CA_CERT_PATH)) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int index = 0;
      for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
        trusted.setCertificateEntry("temporal-ca-" + index++, ca);
      }
      if (index == 0) {
        throw new IOException(
            SERVER_CA_CERT_PATH + " " + serverCaCertPath + " holds no certificate");
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      return factory.getTrustManagers()[0];
    } catch (GeneralSecurityException e) {
      throw new IOException(
          SERVER_CA_CERT_PATH + " " + serverCaCertPath + ": " + e.getMessage(), e);
    }
  }

  private static InputStream open(Path file, String variable) throws IOException {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new IOException(variable + " names " + file + ", which cannot be read", e);
    }
  }

  private static String value(Map<String, String> environment, String name) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static Path path(Map<String, String> environment, String name) {
    String value = value(environment, name);
    return value == null ? null : Path.of(value);
  }

  private static boolean parseBoolean(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(TLS + " must be true or false, not '" + value + "'");
    };
  }
}
