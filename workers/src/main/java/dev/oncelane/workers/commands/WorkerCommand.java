package dev.oncelane.workers.commands;

import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.crm.CrmActivitiesImpl;
import dev.oncelane.activities.hubspot.HubSpotClient;
import dev.oncelane.activities.ledger.LedgerActivitiesImpl;
import dev.oncelane.workers.config.LaneEnvironment;
import dev.oncelane.workers.temporal.TemporalConnection;
import dev.oncelane.workers.worker.LaneParts;
import dev.oncelane.workers.worker.LaneWorker;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code oncelane worker}: the production worker process. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description =
        "Run the contact-sync worker against TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE, writing to"
            + " HUBSPOT_BASE_URL with HUBSPOT_TOKEN and recording in ONCELANE_LEDGER_URL.")
public final class WorkerCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    LaneEnvironment environment = LaneEnvironment.fromEnv(System.getenv());
    HikariDataSource ledgerData = LaneParts.openLedger(environment);
    HubSpotClient hubSpot = LaneParts.hubSpot(environment);
    TemporalConnection connection = TemporalConnection.connect(environment);
    LaneWorker worker =
        LaneWorker.start(
            connection.client(),
            new CrmActivitiesImpl(hubSpot),
            new LedgerActivitiesImpl(LaneParts.ledger(ledgerData)),
            environment.laneSettings());
    System.out.printf(
        "oncelane worker polling %s on %s (namespace %s)%n",
        dev.oncelane.workflows.sync.ContactSyncWorkflow.TASK_QUEUE,
        environment.temporalAddress(),
        environment.temporalNamespace());
    Shutdown.awaitThen(
        () -> {
          worker.close();
          connection.close();
          hubSpot.close();
          ledgerData.close();
        });
    return 0;
  }
}
