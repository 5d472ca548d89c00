package dev.oncelane.workers.temporal;

import com.uber.m3.tally.Scope;
import dev.oncelane.workers.codec.PayloadEncryption;
import dev.oncelane.workers.config.LaneEnvironment;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
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

  /**
   * A plaintext, unauthenticated connection without payload encryption: the dev server, a local
   * cluster, tests.
   */
  public static TemporalConnection connect(String address, String namespace) {
    return connect(
        TemporalEndpoint.plain(address, namespace), null, DefaultDataConverter.STANDARD_INSTANCE);
  }

  /**
   * The connection the process environment configures: the {@link TemporalEndpoint} read through
   * Temporal's environment configuration (address, namespace, API key, TLS; a {@code temporal} CLI
   * profile with {@code TEMPORAL_*} over it), so the same worker runs against a local server, a
   * self-hosted cluster or Temporal Cloud; payloads are encrypted with the keys {@link
   * dev.oncelane.workers.codec.CodecKeys} reads.
   *
   * @throws IllegalArgumentException if the codec settings or the TLS files are unusable
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
        environment.temporal(),
        metricsScope,
        PayloadEncryption.fromEnv(environment.env(), environment.dataDir()));
  }

  /** As {@link #connect(TemporalEndpoint, Scope, DataConverter)}, without payload encryption. */
  public static TemporalConnection connect(TemporalEndpoint endpoint, Scope metricsScope) {
    return connect(endpoint, metricsScope, DefaultDataConverter.STANDARD_INSTANCE);
  }

  /**
   * Connects lazily: nothing is dialled until the first call, so a process can start while its
   * Temporal is still coming up. Every payload goes through {@code dataConverter} (see {@link
   * PayloadEncryption}).
   */
  public static TemporalConnection connect(
      TemporalEndpoint endpoint, Scope metricsScope, DataConverter dataConverter) {
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder(endpoint.serviceStubsOptions());
    if (metricsScope != null) {
      options.setMetricsScope(metricsScope);
    }
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(options.build());
    WorkflowClientOptions clientOptions =
        WorkflowClientOptions.newBuilder(endpoint.clientOptions())
            .setDataConverter(dataConverter)
            .build();
    WorkflowClient client = WorkflowClient.newInstance(service, clientOptions);
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
