package dev.oncelane.workers.commands;

import dev.oncelane.workers.codec.PayloadEncryption;
import dev.oncelane.workers.config.LaneEnvironment;
import dev.oncelane.workers.worker.WorkerRuntime;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code oncelane worker}: the production worker process. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description =
        "Run the contact-sync worker against TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE, writing to"
            + " HUBSPOT_BASE_URL with HUBSPOT_TOKEN and recording in ONCELANE_LEDGER_URL. Serves"
            + " GET /metrics on ONCELANE_METRICS_PORT (default 9464, 0 for none) and alerts on"
            + " ONCELANE_ALERT_CONFLICT_RATE / ONCELANE_ALERT_OPEN_REVIEWS within"
            + " ONCELANE_ALERT_WINDOW, posting to ONCELANE_ALERT_WEBHOOK when set.")
public final class WorkerCommand implements Callable<Integer> {

  @Override
  public Integer call() throws IOException {
    LaneEnvironment environment = LaneEnvironment.fromEnv(System.getenv());
    WorkerRuntime worker = WorkerRuntime.start(environment);
    System.out.printf(
        "oncelane worker polling %s on %s (namespace %s); %s%s%n",
        ContactSyncWorkflow.TASK_QUEUE,
        environment.temporalAddress(),
        environment.temporalNamespace(),
        PayloadEncryption.describe(environment.env(), environment.dataDir()),
        worker.metricsPort().map(p -> "; metrics on :" + p + "/metrics").orElse(""));
    Shutdown.awaitThen(worker::close);
    return 0;
  }
}
