package dev.oncelane.workers.bench.imports;

import dev.oncelane.activities.imports.ImportProgress;
import dev.oncelane.activities.imports.ImportStore;
import dev.oncelane.workers.bench.BenchStack;
import dev.oncelane.workers.imports.ImportFile;
import dev.oncelane.workers.imports.ImportFileOptions;
import dev.oncelane.workers.imports.ImportFormat;
import dev.oncelane.workers.imports.ImportSubmission;
import dev.oncelane.workers.imports.ResultFile;
import dev.oncelane.workflows.imports.ImportFed;
import dev.oncelane.workflows.imports.ImportWorkflow;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The bench's way into an import: submitted as {@code oncelane import} submits it (its own entry
 * point: read, key, store, start the import workflow), watched through the ledger as {@code
 * oncelane import status} watches it, the result file written as it writes it.
 */
final class ImportEntry {

  private static final String SUBMITTED_BY = "bench-import";

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

  /**
   * Reads {@code file}, stores it and starts (or attaches to) its import workflow, with the default
   * mapping and key (column {@code email}, the others properties, a hash of each row).
   *
   * @throws IOException when the file cannot be read
   */
  Submitted submit(Path file) throws IOException {
    ImportFile read =
        ImportFile.read(file, ImportFileOptions.submittedAt(System.currentTimeMillis()));
    ImportSubmission.Submitted submitted =
        new ImportSubmission(store, stack.connection().client())
            .submit(read, SUBMITTED_BY, maxInFlight);
    return new Submitted(submitted.importId());
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
   * Writes the finished import's result file where {@code oncelane import} puts it ({@code
   * <file>.result.csv} beside the file) and answers the line numbers of its rows marked invalid.
   *
   * @throws IOException when the result file cannot be written or read back
   */
  List<Integer> invalidLinesInResult(String importId, Path file) throws IOException {
    ImportFormat format = ImportFormat.of(file);
    Path result =
        format.resultFile(file.toAbsolutePath().getParent(), file.getFileName().toString());
    ResultFile.write(result, format, store.unfinished(importId));
    List<Integer> lines = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(result, StandardCharsets.UTF_8);
        CSVParser parser =
            CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
      for (CSVRecord record : parser) {
        if ("invalid".equals(record.get(ResultFile.STATUS))) {
          lines.add(Integer.parseInt(record.get(ResultFile.LINE)));
        }
      }
    }
    return lines;
  }
}
