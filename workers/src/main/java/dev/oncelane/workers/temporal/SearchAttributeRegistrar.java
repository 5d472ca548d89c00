package dev.oncelane.workers.temporal;

import dev.oncelane.workflows.visibility.LaneSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.Collection;
import java.util.List;

/**
 * Registers the lane's search attributes (all Keyword) on a namespace; already-registered ones are
 * fine. Only dev mode registers: elsewhere the worker refuses to start and prints the commands.
 */
public final class SearchAttributeRegistrar {

  private SearchAttributeRegistrar() {}

  /** Registers every one of {@link LaneSearchAttributes#ALL}. */
  public static void register(WorkflowServiceStubs service, String namespace) {
    OperatorServiceStubs operator = operatorStubs(service);
    try {
      register(
          operator,
          namespace,
          LaneSearchAttributes.ALL.stream().map(SearchAttributeKey::getName).toList());
    } finally {
      operator.shutdown();
    }
  }

  /**
   * Registers the named attributes as Keyword, one call each, so one that exists already does not
   * keep the others from being added (the server refuses a whole request naming an existing one).
   *
   * @throws StatusRuntimeException when the server refuses for another reason than "exists"
   */
  static void register(OperatorServiceStubs operator, String namespace, Collection<String> names) {
    for (String name : List.copyOf(names)) {
      try {
        operator
            .blockingStub()
            .addSearchAttributes(
                AddSearchAttributesRequest.newBuilder()
                    .setNamespace(namespace)
                    .putSearchAttributes(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                    .build());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
          throw e;
        }
      }
    }
  }

  /**
   * Operator stubs on the workflow service's channel, with its credentials (API key headers and
   * interceptors), so they reach and authenticate to the same frontend. Shutting them down leaves
   * the shared channel open.
   */
  static OperatorServiceStubs operatorStubs(WorkflowServiceStubs service) {
    return OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder(service.getOptions())
            .setTarget(null)
            .setSslContext(null)
            .setEnableHttps(false)
            .setChannelInitializer(null)
            .setChannel(service.getRawChannel())
            .validateAndBuildWithDefaults());
  }
}
