package dev.oncelane.workers.temporal;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
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
   * Connects lazily: nothing is dialled until the first call, so a process can start while its
   * Temporal is still coming up.
   */
  public static TemporalConnection connect(String address, String namespace) {
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
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
