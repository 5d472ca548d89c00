package dev.oncelane.workers.temporal;

import com.uber.m3.tally.Scope;
import dev.oncelane.workers.config.LaneEnvironment;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

/** A client connection to a Temporal frontend; closing it closes the gRPC channel. */
public final class TemporalConnection implements AutoCloseable {

  private final WorkflowServiceStubs service;
  private final WorkflowClient client;

  private TemporalConnection(WorkflowServiceStubs service, WorkflowClient client) {
    this.service = service;
    this.client = client;
  }

  /** A plaintext, unauthenticated connection: the dev server, a local cluster. */
  public static TemporalConnection connect(String address, String namespace) {
    return connect(TemporalEndpoint.plain(address, namespace), null);
  }

  /**
   * The connection the process environment configures: {@code TEMPORAL_ADDRESS}, {@code
   * TEMPORAL_NAMESPACE} and the security settings {@link TemporalEndpoint} reads (API key, mutual
   * TLS), so the same worker runs against a local server, a self-hosted cluster or Temporal Cloud.
   *
   * @throws IllegalArgumentException if the security settings are malformed or unusable
   */
  public static TemporalConnection connect(LaneEnvironment environment) {
    return connect(environment, null);
  }

  /**
   * As {@link #connect(LaneEnvironment)}, reporting the SDK's client and worker metrics to {@code
   * metricsScope} (null for none).
   */
  public static TemporalConnection connect(LaneEnvironment environment, Scope metricsScope) {
    return connect(
        TemporalEndpoint.fromEnv(
            environment.temporalAddress(), environment.temporalNamespace(), environment.env()),
        metricsScope);
  }

  /**
   * Connects lazily: nothing is dialled until the first call, so a process can start while its
   * Temporal is still coming up.
   */
  public static TemporalConnection connect(TemporalEndpoint endpoint, Scope metricsScope) {
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder(endpoint.serviceStubsOptions());
    if (metricsScope != null) {
      options.setMetricsScope(metricsScope);
    }
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(options.build());
    WorkflowClient client = WorkflowClient.newInstance(service, endpoint.clientOptions());
    return new TemporalConnection(service, client);
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs service() {
    return service;
  }

  @Override
  public void close() {
    service.shutdown();
  }
}
