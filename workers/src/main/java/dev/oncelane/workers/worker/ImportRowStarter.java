package dev.oncelane.workers.worker;

import dev.oncelane.activities.imports.RowRefused;
import dev.oncelane.activities.imports.RowStarter;
import dev.oncelane.relay.start.InputTooLarge;
import dev.oncelane.relay.start.StartOutcome;
import dev.oncelane.relay.start.WorkflowStarter;
import dev.oncelane.workflows.sync.ContactEvent;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import java.time.Duration;

/**
 * Starts import rows the way the relay starts webhooks: through the relay's {@link WorkflowStarter}
 * ({@code ALLOW_DUPLICATE_FAILED_ONLY}, duplicate detection by processing id), so a row is
 * deduplicated by its key in Temporal exactly as a redelivered webhook is. Rows start on {@link
 * ContactSyncWorkflow#IMPORT_TASK_QUEUE}, so live events never queue behind them.
 *
 * <p>A start refused for good becomes a {@link RowRefused}, which the feed records and passes:
 *
 * <table>
 *   <caption>What a refused start becomes</caption>
 *   <tr><th>the relay's starter answers</th><th>reason</th></tr>
 *   <tr><td>{@link InputTooLarge} (the relay's limit, or Temporal's)</td>
 *       <td>{@value RowRefused#INPUT_TOO_LARGE}</td></tr>
 *   <tr><td>{@link StartOutcome.PayloadMismatch} (another event ran under the key with other
 *       values)</td><td>{@value RowRefused#KEY_REUSED}</td></tr>
 *   <tr><td>another {@code INVALID_ARGUMENT} from Temporal</td>
 *       <td>{@value RowRefused#START_REFUSED}</td></tr>
 * </table>
 *
 * Everything else (Temporal unavailable or busy, a misconfigured lane) is thrown as it is and the
 * feed is retried.
 */
final class ImportRowStarter implements RowStarter, AutoCloseable {

  private final WorkflowStarter starter;

  /**
   * @param startTimeout the most one start (or duplicate lookup) may take ({@code
   *     ONCELANE_RELAY_START_TIMEOUT_MS})
   * @param maxInputBytes the largest workflow input started, bytes ({@code
   *     ONCELANE_RELAY_MAX_INPUT_BYTES})
   */
  ImportRowStarter(WorkflowClient client, Duration startTimeout, long maxInputBytes) {
    this.starter =
        new WorkflowStarter(
            client, startTimeout, maxInputBytes, ContactSyncWorkflow.IMPORT_TASK_QUEUE);
  }

  @Override
  public boolean start(ContactEvent event) {
    StartOutcome outcome;
    try {
      outcome = starter.start(event);
    } catch (InputTooLarge e) {
      throw new RowRefused(
          RowRefused.INPUT_TOO_LARGE,
          "input too large: "
              + e.inputBytes()
              + " bytes > "
              + e.maxInputBytes()
              + " bytes"
              + (e.refusedBy() == InputTooLarge.RefusedBy.TEMPORAL ? " (Temporal's limit)" : ""));
    } catch (RuntimeException e) {
      if (invalidArgument(e)) {
        throw new RowRefused(
            RowRefused.START_REFUSED, "Temporal refused the start: " + e.getMessage());
      }
      throw e;
    }
    if (outcome instanceof StartOutcome.PayloadMismatch) {
      throw new RowRefused(
          RowRefused.KEY_REUSED,
          "another event already ran under this key with other values; import under another"
              + " --name to apply it");
    }
    return outcome instanceof StartOutcome.Accepted;
  }

  /** A request Temporal will refuse however often it is sent. */
  private static boolean invalidArgument(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException status) {
        return status.getStatus().getCode() == Status.Code.INVALID_ARGUMENT;
      }
    }
    return false;
  }

  @Override
  public void close() {
    starter.close();
  }
}
