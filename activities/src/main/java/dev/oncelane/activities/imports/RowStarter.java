package dev.oncelane.activities.imports;

import dev.oncelane.workflows.sync.ContactEvent;

/**
 * Starts one import row's {@code ContactSyncWorkflow}, deduplicated by its processing id the way
 * the relay starts a webhook's: the worker wires it to the relay's {@code WorkflowStarter} (reuse
 * policy {@code ALLOW_DUPLICATE_FAILED_ONLY}, duplicate detection), which this module cannot depend
 * on.
 */
@FunctionalInterface
public interface RowStarter {

  /**
   * Starts the workflow for {@code event} (workflow id {@link ContactEvent#processingId()}).
   *
   * @return true if a new run started, false if the id already had one (running, or closed within
   *     the namespace retention and not failed)
   * @throws RuntimeException when Temporal did not take the start (the feed is retried)
   */
  boolean start(ContactEvent event);
}
