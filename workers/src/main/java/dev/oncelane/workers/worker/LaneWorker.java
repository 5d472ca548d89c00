package dev.oncelane.workers.worker;

import dev.oncelane.activities.lock.ContactLockActivitiesImpl;
import dev.oncelane.workflows.crm.CrmActivities;
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

/**
 * The contact-sync worker: polls the lane's task queue and runs workflows and activities, and polls
 * the import task queue ({@link ContactSyncWorkflow#IMPORT_TASK_QUEUE}) with a few slots for
 * imported rows.
 */
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

  /** The lane with the SDK's default activity slots, no shared CRM budget and no imports. */
  public static LaneWorker start(
      WorkflowClient client, CrmActivities crm, LedgerActivities ledger, LaneSettings settings) {
    return start(client, crm, ledger, settings, LaneWorkerOptions.defaults());
  }

  /**
   * The lane, with what {@code options} adds: activity slots, the shared CRM budget, imports (the
   * {@code ImportWorkflow} and its feed activity on the lane's task queue) and the import task
   * queue's slots. Every lane worker polls {@link ContactSyncWorkflow#IMPORT_TASK_QUEUE}, where the
   * feed starts import rows, with the same CRM and ledger activities, so rows share the CRM batches
   * and budget with webhooks but never hold up the lane's own queue.
   */
  public static LaneWorker start(
      WorkflowClient client,
      CrmActivities crm,
      LedgerActivities ledger,
      LaneSettings settings,
      LaneWorkerOptions options) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    WorkerOptions.Builder workerOptions = WorkerOptions.newBuilder();
    if (options.activitySlots() > 0) {
      workerOptions.setMaxConcurrentActivityExecutionSize(options.activitySlots());
    }
    Worker worker = factory.newWorker(ContactSyncWorkflow.TASK_QUEUE, workerOptions.build());
    worker.registerWorkflowImplementationFactory(
        ContactSyncWorkflow.class, () -> new ContactSyncWorkflowImpl(settings));
    // Each contact's lock runs beside the lane that asks for it (see ContactLockWorkflow).
    worker.registerWorkflowImplementationTypes(ContactLockWorkflowImpl.class);
    worker.registerActivitiesImplementations(crm, ledger, new ContactLockActivitiesImpl(client));
    if (options.imports() != null) {
      worker.registerWorkflowImplementationTypes(ImportWorkflowImpl.class);
      worker.registerActivitiesImplementations(options.imports());
    }
    // Imported rows: the same workflow and the same activity instances (so the same CRM batches and
    // budget), on their own queue with a few slots and the fewest pollers (the SDK's least for
    // workflow
    // tasks is 2: the sticky queue and the shared one), so a live event's tasks
    // never wait in the lane's queue behind an import's rows. Their locks start on the lane's
    // queue: a contact has one lock for live and imported events.
    Worker importRows =
        factory.newWorker(
            ContactSyncWorkflow.IMPORT_TASK_QUEUE,
            WorkerOptions.newBuilder()
                .setMaxConcurrentWorkflowTaskExecutionSize(options.importWorkflowTaskSlots())
                .setMaxConcurrentActivityExecutionSize(options.importActivitySlots())
                .setMaxConcurrentWorkflowTaskPollers(2)
                .setMaxConcurrentActivityTaskPollers(1)
                .build());
    importRows.registerWorkflowImplementationFactory(
        ContactSyncWorkflow.class, () -> new ContactSyncWorkflowImpl(settings));
    importRows.registerActivitiesImplementations(
        crm, ledger, new ContactLockActivitiesImpl(client, ContactSyncWorkflow.TASK_QUEUE));
    CrmBudgetWorker budget =
        options.budgetPlan() == null
            ? null
            : CrmBudgetWorker.register(
                client, factory, worker, options.budgetPlan(), options.permits());
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
