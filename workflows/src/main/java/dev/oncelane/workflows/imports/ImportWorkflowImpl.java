package dev.oncelane.workflows.imports;

import dev.oncelane.workflows.policy.LanePolicies;
import io.temporal.workflow.Workflow;

/**
 * See {@link ImportWorkflow}. The pacing lives in the feed activity (it reads the ledger); the
 * workflow only calls it until every row is started, continuing as new every {@value
 * #ROUNDS_PER_RUN} rounds so a long import's history stays small.
 */
public final class ImportWorkflowImpl implements ImportWorkflow {

  /**
   * Feed rounds per run: a round is at most about a minute and a handful of history events, so a
   * run holds under an hour and a few hundred events, far from Temporal's 51,200.
   */
  static final int ROUNDS_PER_RUN = 50;

  private final ImportActivities feeder =
      Workflow.newActivityStub(ImportActivities.class, LanePolicies.IMPORT_FEED);

  @Override
  public ImportFed run(ImportRequest request) {
    ImportRequest fed = request;
    for (int round = 0; round < ROUNDS_PER_RUN; round++) {
      ImportFeedRound done = feeder.feed(fed.importId(), fed.afterLine(), fed.maxInFlight());
      fed = fed.after(done);
      if (done.done()) {
        return new ImportFed(fed.importId(), fed.started(), fed.duplicates());
      }
    }
    Workflow.continueAsNew(fed);
    throw new IllegalStateException("continueAsNew returned");
  }
}
