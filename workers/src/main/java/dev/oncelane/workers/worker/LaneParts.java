package dev.oncelane.workers.worker;

import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.imports.ImportActivitiesImpl;
import dev.oncelane.activities.imports.ImportStore;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerDataSources;
import dev.oncelane.activities.ledger.LedgerDatabase;
import dev.oncelane.activities.ledger.LedgerSchema;
import dev.oncelane.workers.config.ImportConfig;
import dev.oncelane.workers.config.LaneEnvironment;
import dev.oncelane.workflows.imports.ImportActivities;
import io.temporal.client.WorkflowClient;
import javax.sql.DataSource;

/** Builds the worker's side-effecting parts from the environment. */
public final class LaneParts {

  private LaneParts() {}

  /**
   * The ledger's pooled DataSource ({@code ONCELANE_LEDGER_URL}, {@code ONCELANE_LEDGER_USER},
   * {@code ONCELANE_LEDGER_PASSWORD}), its schema in place.
   */
  public static HikariDataSource openLedger(LaneEnvironment environment) {
    HikariDataSource dataSource =
        LedgerDataSources.open(LedgerDatabase.fromEnv(environment.env(), environment.dataDir()));
    LedgerSchema.create(dataSource);
    return dataSource;
  }

  public static JdbcLedger ledger(HikariDataSource dataSource) {
    return new JdbcLedger(dataSource);
  }

  /**
   * The import feed over the ledger's {@code dataSource}, starting rows through {@code client} as
   * the relay starts webhooks; its default bound is {@code ONCELANE_IMPORT_MAX_IN_FLIGHT}.
   *
   * @throws dev.oncelane.workers.config.ConfigException when that variable is wrong
   */
  public static ImportFeed importFeed(
      LaneEnvironment environment, DataSource dataSource, WorkflowClient client) {
    ImportRowStarter starter = new ImportRowStarter(client);
    return new ImportFeed(
        new ImportActivitiesImpl(
            new ImportStore(dataSource),
            starter,
            ImportConfig.fromEnv(environment.env()).maxInFlight()),
        starter);
  }

  /** The import feed's activities and the starter to close with the worker. */
  public record ImportFeed(ImportActivities activities, AutoCloseable starter)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      starter.close();
    }
  }
}
