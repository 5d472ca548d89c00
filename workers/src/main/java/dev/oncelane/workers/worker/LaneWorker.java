package dev.oncelane.workers.worker;

import dev.oncelane.activities.lock.ContactLockActivitiesImpl;
import dev.oncelane.workflows.crm.CrmActivities;
import dev.oncelane.workflows.ledger.LedgerActivities;
import dev.oncelane.workflows.lock.ContactLockWorkflowImpl;
import dev.oncelane.workflows.policy.LaneSettings;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import dev.oncelane.workflows.sync.ContactSyncWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.util.concurrent.TimeUnit;

/** The contact-sync worker: polls the lane's task queue and runs workflows and activities. */
public final class LaneWorker implements AutoCloseable {

  private final WorkerFactory factory;

  private LaneWorker(WorkerFactory factory) {
    this.factory = factory;
  }

  public static LaneWorker start(
      WorkflowClient client, CrmActivities crm, LedgerActivities ledger, LaneSettings settings) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(ContactSyncWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationFactory(
        ContactSyncWorkflow.class, () -> new ContactSyncWorkflowImpl(settings));
    // Each contact's lock runs beside the lane that asks for it (see ContactLockWorkflow).
    worker.registerWorkflowImplementationTypes(ContactLockWorkflowImpl.class);
    worker.registerActivitiesImplementations(crm, ledger, new ContactLockActivitiesImpl(client));
    factory.start();
    return new LaneWorker(factory);
  }

  /** Stops polling and lets running tasks finish, for ten seconds at most. */
  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(10, TimeUnit.SECONDS);
  }
}
