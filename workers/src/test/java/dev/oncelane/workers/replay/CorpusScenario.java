package dev.oncelane.workers.replay;

import dev.oncelane.workflows.policy.LaneSettings;
import io.temporal.api.common.v1.WorkflowExecution;

/**
 * One path through the lane, driven end to end against a running lane and checked to have taken
 * that path.
 *
 * @param name the history's file name without {@code .json}, saying the path (e.g. {@code
 *     review-unresolved-adopt-update})
 * @param path the path in words, for the corpus README and test names
 * @param settings the worker's settings while it runs: production counts, shorter waits
 * @param body drives the run and returns the run whose history is the recording
 */
record CorpusScenario(String name, String path, LaneSettings settings, Body body) {

  /** Drives one run; throws {@link AssertionError} when the lane took another path. */
  interface Body {
    WorkflowExecution run(CorpusLane lane);
  }
}
