package dev.oncelane.relay.start;

/** What became of one attempt to start the workflow for an event. */
public sealed interface StartOutcome {

  /** The workflow id, which is the event's processing id. */
  String workflowId();

  /** A new run was started. */
  record Accepted(String workflowId, String runId) implements StartOutcome {}

  /**
   * A run for this key exists (running or finished within the namespace retention) and carries the
   * same payload hash.
   *
   * @param state the existing run's status, lower case: running, completed, failed, …
   */
  record Duplicate(String workflowId, String runId, String state) implements StartOutcome {}

  /** A run for this key exists but was started with a different payload. */
  record PayloadMismatch(String workflowId, String runId, String state) implements StartOutcome {}
}
