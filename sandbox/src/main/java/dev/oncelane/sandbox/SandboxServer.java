package dev.oncelane.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oncelane.sandbox.http.AdminEndpoints;
import dev.oncelane.sandbox.http.CallStats;
import dev.oncelane.sandbox.http.SandboxApp;
import dev.oncelane.sandbox.http.SandboxState;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A HubSpot-compatible contacts API (CRM v3) on a local port, with fault injection, for
 * development, tests and benchmarks. Written from HubSpot's documented behaviour.
 *
 * <pre>{@code
 * try (SandboxServer crm = SandboxServer.start(SandboxOptions.defaults())) {
 *   // POST crm.baseUrl() + "/crm/v3/objects/contacts" with "Authorization: Bearer sandbox-token"
 * }
 * }</pre>
 */
public final class SandboxServer implements AutoCloseable {

  private final Javalin app;
  private final SandboxState state;
  private final AdminEndpoints admin;
  private final String host;

  private SandboxServer(Javalin app, SandboxState state, AdminEndpoints admin, String host) {
    this.app = app;
    this.state = state;
    this.admin = admin;
    this.host = host;
  }

  /** Starts a sandbox and returns once it accepts connections. */
  public static SandboxServer start(SandboxOptions options) {
    ObjectMapper mapper = new ObjectMapper();
    SandboxState state =
        new SandboxState(options.token(), options.seed(), options.faults(), Clock.systemUTC());
    AdminEndpoints admin = new AdminEndpoints(state, mapper);
    Javalin app = SandboxApp.create(state, admin, mapper);
    app.start(options.host(), options.port());
    return new SandboxServer(app, state, admin, options.host());
  }

  /** The port the server listens on (the real one when started with port 0). */
  public int port() {
    return app.port();
  }

  /** For example "http://127.0.0.1:53121". */
  public String baseUrl() {
    String authority = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + authority + ":" + port();
  }

  /** Replaces the fault configuration and restarts the seeded fault sequence. */
  public void setFaults(FaultConfig faults) {
    state.faults().configure(faults);
  }

  /** The next {@code count} successful writes are applied and their answers lost. */
  public void dropNextWrites(int count) {
    state.faults().dropNextWrites(count);
  }

  public FaultConfig faults() {
    return state.faults().config();
  }

  /**
   * The portal's contact properties (HubSpot's defaults plus custom ones); tests add custom ones
   * here or through {@code POST /crm/v3/properties/contacts}.
   */
  public dev.oncelane.sandbox.contacts.PropertyCatalog properties() {
    return state.store().properties();
  }

  /**
   * Drops all contacts (hidden ones too), custom properties, stats and rate-limit windows; keeps
   * the faults.
   */
  public void reset() {
    state.reset();
  }

  /** Every stored contact, rendered as the API renders a record, with all its properties. */
  public List<Map<String, Object>> contacts() {
    return admin.contacts();
  }

  /** How many stored contacts have this email, ignoring case. */
  public long contactCount(String email) {
    return state.store().countByEmail(email);
  }

  /** Calls per "METHOD /path-template", then per status code ("dropped" for lost answers). */
  public Map<String, Map<String, Long>> stats() {
    return state.stats().snapshot();
  }

  /**
   * Per "METHOD /path-template": requests, 429s, and admitted batch calls with their inputs (as
   * {@code GET /__sandbox/stats/usage} answers).
   */
  public Map<String, CallStats.EndpointUsage> usage() {
    return state.stats().usage();
  }

  @Override
  public void close() {
    app.stop();
  }
}
