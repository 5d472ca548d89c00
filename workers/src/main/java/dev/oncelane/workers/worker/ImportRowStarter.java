package dev.oncelane.workers.worker;

import dev.oncelane.activities.imports.RowStarter;
import dev.oncelane.relay.RelayConfig;
import dev.oncelane.relay.start.StartOutcome;
import dev.oncelane.relay.start.WorkflowStarter;
import dev.oncelane.workflows.sync.ContactEvent;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts import rows the way the relay starts webhooks: through the relay's {@link WorkflowStarter}
 * ({@code ALLOW_DUPLICATE_FAILED_ONLY}, duplicate detection by processing id), so a row is
 * deduplicated by its key in Temporal exactly as a redelivered webhook is.
 */
final class ImportRowStarter implements RowStarter, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ImportRowStarter.class);

  /** The relay's own default for one start and its duplicate lookup. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(5);

  private final WorkflowStarter starter;

  ImportRowStarter(WorkflowClient client) {
    this.starter = new WorkflowStarter(client, START_TIMEOUT, RelayConfig.DEFAULT_MAX_INPUT_BYTES);
  }

  @Override
  public boolean start(ContactEvent event) {
    StartOutcome outcome = starter.start(event);
    if (outcome instanceof StartOutcome.PayloadMismatch mismatch) {
      // Same key, other payload (a --key-column shared by different rows): the first one runs.
      log.warn(
          "import row {} has the key of an event with another payload (run {}, {}); not started",
          event.processingId(),
          mismatch.runId(),
          mismatch.state());
    }
    return outcome instanceof StartOutcome.Accepted;
  }

  @Override
  public void close() {
    starter.close();
  }
}
