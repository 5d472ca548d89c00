package dev.oncelane.workers.imports;

import dev.oncelane.activities.imports.ImportRow;
import dev.oncelane.activities.imports.ImportStore;
import dev.oncelane.workflows.imports.ImportRequest;
import dev.oncelane.workflows.imports.ImportWorkflow;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import java.util.Objects;

/**
 * Hands a read import to the lane: stores its manifest and rows in the ledger in one transaction
 * ({@link ImportStore#save}, nothing when the import id is already stored), then starts the import
 * workflow {@code import:<importId>} on the lane's task queue, or attaches to it when it is already
 * running. From then on the workers do everything; the caller may follow the progress or leave.
 *
 * <p>Starting an import that already ran (same file under the same name) runs it again: every row's
 * start is refused or skipped by its key, in Temporal and in the ledger, so nothing is written
 * twice.
 */
public final class ImportSubmission {

  /**
   * What {@link #submit} did.
   *
   * @param importId the import, e.g. {@code trade-show-3f9a0c1b2d4e}
   * @param workflowId {@code import:<importId>}
   * @param runId the import workflow's run started or attached to
   * @param storedNow false when the ledger already had the import (the same file and name)
   * @param attached true when the import workflow was already running
   */
  public record Submitted(
      String importId, String workflowId, String runId, boolean storedNow, boolean attached) {}

  private final ImportStore store;
  private final WorkflowClient client;

  public ImportSubmission(ImportStore store, WorkflowClient client) {
    this.store = Objects.requireNonNull(store, "store");
    this.client = Objects.requireNonNull(client, "client");
  }

  /**
   * Stores {@code file} and starts (or attaches to) its import workflow.
   *
   * @param submittedBy who submits it, for the manifest, e.g. {@code alice}
   * @param maxInFlight the most of the import's events unsettled at once, e.g. 50; 0 for the
   *     workers' {@code ONCELANE_IMPORT_MAX_IN_FLIGHT}
   * @throws ImportRefused when the ledger holds this import id with other rows (the same file read
   *     with other options): give it another name
   * @throws io.temporal.client.WorkflowServiceException when Temporal refuses or cannot be reached
   *     (the rows stay stored; submitting again starts them)
   */
  public Submitted submit(ImportFile file, String submittedBy, int maxInFlight) {
    if (maxInFlight < 0) {
      throw new ImportRefused(
          "max in flight must be 1 or more (0: the workers'), got " + maxInFlight);
    }
    boolean storedNow = store.save(file.manifest(submittedBy), file.rows());
    if (!storedNow) {
      requireSameRows(file);
    }
    String workflowId = ImportWorkflow.workflowId(file.importId());
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(ContactSyncWorkflow.TASK_QUEUE)
            // A finished import may be run again: each row is deduplicated by its own key.
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .build();
    ImportWorkflow workflow = client.newWorkflowStub(ImportWorkflow.class, options);
    try {
      WorkflowExecution run =
          WorkflowClient.start(workflow::run, ImportRequest.begin(file.importId(), maxInFlight));
      return new Submitted(file.importId(), workflowId, run.getRunId(), storedNow, false);
    } catch (WorkflowExecutionAlreadyStarted e) {
      return new Submitted(
          file.importId(), workflowId, e.getExecution().getRunId(), storedNow, true);
    }
  }

  /** The stored rows are the ones the workflow feeds: refuse if they are not these. */
  private void requireSameRows(ImportFile file) {
    String ours =
        file.rows().stream()
            .filter(ImportRow::isValid)
            .findFirst()
            .map(ImportRow::processingId)
            .orElse(null);
    List<ImportRow> stored = store.validRows(file.importId(), 0, 1);
    String theirs = stored.isEmpty() ? null : stored.get(0).processingId();
    if (!Objects.equals(ours, theirs)) {
      throw new ImportRefused(
          "import "
              + file.importId()
              + " is already stored with other rows (this file read with other options:"
              + " --key-column, --time-column, --time, --source); import it under another --name");
    }
  }
}
