package dev.oncelane.workers.bench.imports;

import dev.oncelane.activities.imports.ImportProgress;
import dev.oncelane.activities.imports.ImportStore;
import dev.oncelane.workers.bench.BenchStack;
import dev.oncelane.workflows.imports.ImportFed;
import dev.oncelane.workflows.imports.ImportWorkflow;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bench's way into an import: submitted as {@code oncelane import} submits it (its own entry
 * point: read, key, store, start the import workflow), watched through the ledger as {@code
 * oncelane import status} watches it, the result file written as it writes it.
 */
final class ImportEntry {

  private final BenchStack stack;
  private final int maxInFlight;
  private final ImportStore store;

  ImportEntry(BenchStack stack, int maxInFlight) {
    this.stack = stack;
    this.maxInFlight = maxInFlight;
    this.store = new ImportStore(stack.ledgerDataSource());
  }

  /** What a submit answered. */
  record Submitted(String importId) {}

  /** Where an import's events stand, from the ledger. */
  record Counts(int settled, int events, boolean finished) {}

  /** What one run of the import workflow did. */
  record Fed(int started, int duplicates) {}

  /** Reads {@code file}, stores it and starts (or attaches to) its import workflow. */
  Submitted submit(Path file) {
    throw new UnsupportedOperationException("waits for import-cli's entry point");
  }

  Counts counts(String importId) {
    ImportProgress progress = store.progress(importId);
    return new Counts(progress.settled(), progress.events(), progress.isFinished());
  }

  /**
   * Waits for the latest run of the import's workflow to complete.
   *
   * @throws IllegalStateException when it does not complete within {@code timeout}
   */
  Fed awaitFed(String importId, Duration timeout) {
    WorkflowStub run =
        stack.connection().client().newUntypedWorkflowStub(ImportWorkflow.workflowId(importId));
    try {
      ImportFed fed = run.getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, ImportFed.class);
      return new Fed(fed.started(), fed.duplicates());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the import workflow " + ImportWorkflow.workflowId(importId) + " did not complete", e);
    }
  }

  /**
   * Writes the import's result file as {@code oncelane import} does and answers the line numbers of
   * its rows marked invalid.
   */
  List<Integer> invalidLinesInResult(String importId, Path file) {
    throw new UnsupportedOperationException("waits for import-cli's result file");
  }
}
