package dev.oncelane.relay.start;

import dev.oncelane.workflows.sync.ContactEvent;

/**
 * Starts the workflow for one event, or names the run its processing id already has. {@link
 * WorkflowStarter} is the one that talks to Temporal; tests hand the relay a stateful fake.
 */
@FunctionalInterface
public interface EventStarter {

  /**
   * Starts the workflow for {@code event} (workflow id {@link ContactEvent#processingId()}).
   *
   * @return {@link StartOutcome.Accepted} for a new run, else the existing run as a {@link
   *     StartOutcome.Duplicate} or {@link StartOutcome.PayloadMismatch}
   * @throws StartRefused when Temporal did not take the start (nothing was recorded)
   * @throws io.temporal.client.WorkflowException when Temporal refused it for another reason
   */
  StartOutcome start(ContactEvent event);
}
