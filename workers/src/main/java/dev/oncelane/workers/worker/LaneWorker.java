package dev.oncelane.workers.worker;

import dev.oncelane.activities.budget.PermitExchange;
import dev.oncelane.activities.lock.ContactLockActivitiesImpl;
import dev.oncelane.workflows.budget.CrmBudgetPlan;
import dev.oncelane.workflows.crm.CrmActivities;
import dev.oncelane.workflows.imports.ImportActivities;
import dev.oncelane.workflows.imports.ImportWorkflowImpl;
import dev.oncelane.workflows.ledger.LedgerActivities;
import dev.oncelane.workflows.lock.ContactLockWorkflowImpl;
import dev.oncelane.workflows.policy.LaneSettings;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import dev.oncelane.workflows.sync.ContactSyncWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.util.concurrent.TimeUnit;

/** The contact-sync worker: polls the lane's task queue and runs workflows and activities. */
public final class LaneWorker implements AutoCloseable {

  /**
   * CRM activity slots when the CRM calls are batched: a full batch of 100 waiting activities, of
   * each kind (lookups, creates, updates), with the next batches gathering behind them.
   */
  public static final int BATCHED_ACTIVITY_SLOTS = 500;

  private final WorkerFactory factory;
  private final CrmBudgetWorker budget;

  private LaneWorker(WorkerFactory factory, CrmBudgetWorker budget) {
    this.factory = factory;
    this.budget = budget;
  }

  /** The lane with the SDK's default activity slots and no shared CRM budget. */
  public static LaneWorker start(
      WorkflowClient client, CrmActivities crm, LedgerActivities ledger, LaneSettings settings) {
    return start(client, crm, ledger, settings, 0, null, null);
  }

  /**
   * The lane.
   *
   * @param activitySlots the most activities run at once, 0 for the SDK's default (200); a batching
   *     worker needs {@link #BATCHED_ACTIVITY_SLOTS}
   * @param budgetPlan the shared CRM budget, or null for none
   * @param permits where the budget's permits meet this worker's batcher (with a plan)
   */
  public static LaneWorker start(
      WorkflowClient client,
      CrmActivities crm,
      LedgerActivities ledger,
      LaneSettings settings,
      int activitySlots,
      CrmBudgetPlan budgetPlan,
      PermitExchange permits) {
    return start(client, crm, ledger, settings, activitySlots, budgetPlan, permits, null);
  }

  /**
   * The lane, running imports too: the {@code ImportWorkflow} and its feed activity on the lane's
   * task queue, so import rows and webhooks share one queue (the feed keeps at most its {@code
   * maxInFlight} rows unsettled) and one CRM budget.
   *
   * @param imports the import feed, or null for a lane that does not run imports
   */
  public static LaneWorker start(
      WorkflowClient client,
      CrmActivities crm,
      LedgerActivities ledger,
      LaneSettings settings,
      int activitySlots,
      CrmBudgetPlan budgetPlan,
      PermitExchange permits,
      ImportActivities imports) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    WorkerOptions.Builder options = WorkerOptions.newBuilder();
    if (activitySlots > 0) {
      options.setMaxConcurrentActivityExecutionSize(activitySlots);
    }
    Worker worker = factory.newWorker(ContactSyncWorkflow.TASK_QUEUE, options.build());
    worker.registerWorkflowImplementationFactory(
        ContactSyncWorkflow.class, () -> new ContactSyncWorkflowImpl(settings));
    // Each contact's lock runs beside the lane that asks for it (see ContactLockWorkflow).
    worker.registerWorkflowImplementationTypes(ContactLockWorkflowImpl.class);
    worker.registerActivitiesImplementations(crm, ledger, new ContactLockActivitiesImpl(client));
    if (imports != null) {
      worker.registerWorkflowImplementationTypes(ImportWorkflowImpl.class);
      worker.registerActivitiesImplementations(imports);
    }
    CrmBudgetWorker budget =
        budgetPlan == null
            ? null
            : CrmBudgetWorker.register(client, factory, worker, budgetPlan, permits);
    factory.start();
    if (budget != null) {
      budget.keepRunning();
    }
    return new LaneWorker(factory, budget);
  }

  /** Stops polling and lets running tasks finish, for ten seconds at most. */
  @Override
  public void close() {
    if (budget != null) {
      budget.close();
    }
    factory.shutdown();
    factory.awaitTermination(10, TimeUnit.SECONDS);
  }
}
