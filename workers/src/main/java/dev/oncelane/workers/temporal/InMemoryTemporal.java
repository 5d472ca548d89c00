package dev.oncelane.workers.temporal;

import io.temporal.testserver.TestServer;
import java.time.Duration;

/**
 * The Java SDK's in-memory test server on a port: real time, no persistence, no visibility queries,
 * no Web UI. For machines without the {@code temporal} CLI.
 */
public final class InMemoryTemporal implements DevTemporal {

  private final TestServer.PortBoundTestServer server;
  private final String address;

  private InMemoryTemporal(TestServer.PortBoundTestServer server, String address) {
    this.server = server;
    this.address = address;
  }

  public static InMemoryTemporal start(int port, String namespace) {
    // true: keep time skipping locked, so timers take real time as on a real server.
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
    String address = "127.0.0.1:" + port;
    if (!TemporalReadiness.await(address, Duration.ofSeconds(30))) {
      server.close();
      throw new IllegalStateException("the in-memory Temporal server did not answer on " + port);
    }
    try (TemporalConnection connection = TemporalConnection.connect(address, namespace)) {
      SearchAttributeRegistrar.register(connection.service(), namespace);
    }
    return new InMemoryTemporal(server, address);
  }

  @Override
  public String address() {
    return address;
  }

  @Override
  public String uiUrl() {
    return null;
  }

  @Override
  public boolean durable() {
    return false;
  }

  @Override
  public void close() {
    server.close();
  }
}
