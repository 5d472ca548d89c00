package dev.oncelane.relay.start;

import dev.oncelane.workflows.sync.ContactEvent;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import io.grpc.Context;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DataConverter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts {@link ContactSyncWorkflow} once per processing id and tells a new start from a duplicate.
 *
 * <p>It uses {@link WorkflowClient#start} with {@code ALLOW_DUPLICATE_FAILED_ONLY}, never the typed
 * call, which would silently attach to an existing run. A key whose last run failed (or was
 * terminated, cancelled or timed out) starts a new run, which continues the event's ledger trail;
 * any other known id raises {@link WorkflowExecutionAlreadyStarted}, and the existing run's memo
 * holds the payload hash, which decides between a duplicate and a changed payload. Each call runs
 * under a gRPC deadline so a Temporal outage answers {@link TemporalUnavailable} quickly instead of
 * retrying for a minute. An input larger than {@code maxInputBytes} is refused before Temporal is
 * called, and every refusal by Temporal becomes a {@link StartRefused} as {@link
 * StartFailureClassifier} decides.
 */
public final class WorkflowStarter implements EventStarter, AutoCloseable {

  /** The memo key holding {@link ContactEvent#payloadHash()}. */
  public static final String PAYLOAD_HASH_MEMO = "payloadHash";

  private static final Logger log = LoggerFactory.getLogger(WorkflowStarter.class);

  private final WorkflowClient client;
  private final Duration timeout;
  private final long maxInputBytes;
  private final String taskQueue;
  private final ScheduledExecutorService deadlines =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "relay-start-deadlines");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param client the client to start with
   * @param timeout the most a start, or the lookup of an existing run, may take
   * @param maxInputBytes the largest serialized workflow input, in bytes, the relay sends to
   *     Temporal; keep it below the server's blob size limit ({@code limit.blobSize.error}, 2 MiB
   *     by default)
   */
  public WorkflowStarter(WorkflowClient client, Duration timeout, long maxInputBytes) {
    this(client, timeout, maxInputBytes, ContactSyncWorkflow.TASK_QUEUE);
  }

  /**
   * A starter that starts on {@code taskQueue} instead of {@link ContactSyncWorkflow#TASK_QUEUE}
   * (imports: {@link ContactSyncWorkflow#IMPORT_TASK_QUEUE}). Duplicates are found as before:
   * workflow ids are unique per namespace, whatever the queue.
   */
  public WorkflowStarter(
      WorkflowClient client, Duration timeout, long maxInputBytes, String taskQueue) {
    this.client = Objects.requireNonNull(client, "client");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.maxInputBytes = maxInputBytes;
    this.taskQueue = Objects.requireNonNull(taskQueue, "taskQueue");
  }

  /**
   * Starts the workflow for the event, or finds the run its processing id already names.
   *
   * @throws InputTooLarge when the serialized input exceeds {@code maxInputBytes} (Temporal is not
   *     called) or Temporal's own size limits
   * @throws TemporalUnavailable when Temporal did not answer in time, is unreachable or busy
   * @throws LaneMisconfigured when Temporal refused because of the lane's set-up (namespace,
   *     credentials, search attributes)
   * @throws io.temporal.client.WorkflowServiceException when Temporal refused the start for another
   *     reason
   */
  @Override
  public StartOutcome start(ContactEvent event) {
    String workflowId = event.processingId();
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(taskQueue)
            // A failed, terminated or timed-out run's key may start again; a completed one not.
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
            .setMemo(Map.of(PAYLOAD_HASH_MEMO, event.payloadHash()))
            .build();
    long inputBytes = inputBytes(event);
    if (inputBytes > maxInputBytes) {
      throw new InputTooLarge(
          inputBytes,
          maxInputBytes,
          InputTooLarge.RefusedBy.RELAY,
          "The event's workflow input is "
              + inputBytes
              + " bytes, over the relay's limit of "
              + maxInputBytes
              + " bytes (ONCELANE_RELAY_MAX_INPUT_BYTES, kept below Temporal's 2 MiB blob size"
              + " limit)",
          null);
    }
    ContactSyncWorkflow stub = client.newWorkflowStub(ContactSyncWorkflow.class, options);
    try {
      WorkflowExecution started =
          withDeadline(() -> WorkflowClient.start(stub::sync, event), inputBytes);
      return new StartOutcome.Accepted(workflowId, started.getRunId());
    } catch (WorkflowExecutionAlreadyStarted e) {
      return existing(workflowId, e.getExecution().getRunId(), event.payloadHash());
    }
  }

  /** The input's size as Temporal measures it: the Payloads message the data converter makes. */
  private long inputBytes(ContactEvent event) {
    return inputBytes(client.getOptions().getDataConverter(), event);
  }

  /**
   * The size in bytes of {@code event} as a workflow input made by {@code converter} (the Payloads
   * message Temporal receives), the figure compared with {@code maxInputBytes}.
   */
  public static long inputBytes(DataConverter converter, ContactEvent event) {
    return converter
        .toPayloads(event)
        .map(payloads -> (long) payloads.getSerializedSize())
        .orElse(0L);
  }

  private StartOutcome existing(String workflowId, String runId, String hash) {
    WorkflowStub untyped =
        client.newUntypedWorkflowStub(
            workflowId,
            runId == null || runId.isEmpty() ? Optional.empty() : Optional.of(runId),
            Optional.empty());
    WorkflowExecutionDescription description = withDeadline(untyped::describe, 0);
    String existingRunId = description.getExecution().getRunId();
    String state = state(description.getStatus());
    Object existingHash = description.getMemo(PAYLOAD_HASH_MEMO, String.class);
    if (existingHash == null) {
      // Started by someone other than the relay (e.g. by hand); nothing to compare with.
      log.warn(
          "workflow {} has no {} memo; treating the delivery as a duplicate",
          workflowId,
          PAYLOAD_HASH_MEMO);
    } else if (!existingHash.equals(hash)) {
      return new StartOutcome.PayloadMismatch(workflowId, existingRunId, state);
    }
    return new StartOutcome.Duplicate(workflowId, existingRunId, state);
  }

  private static String state(WorkflowExecutionStatus status) {
    String name = status.name();
    String prefix = "WORKFLOW_EXECUTION_STATUS_";
    return (name.startsWith(prefix) ? name.substring(prefix.length()) : name)
        .toLowerCase(Locale.ROOT);
  }

  private <T> T withDeadline(Callable<T> call, long inputBytes) {
    Context.CancellableContext context =
        Context.current().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS, deadlines);
    try {
      return context.call(call);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw e;
    } catch (RuntimeException e) {
      throw StartFailureClassifier.classify(e, timeout, inputBytes, maxInputBytes);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      context.cancel(null);
    }
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
  }
}
