package dev.oncelane.workers.worker;

import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerDataSources;
import dev.oncelane.activities.ledger.LedgerDatabase;
import dev.oncelane.activities.ledger.LedgerSchema;
import dev.oncelane.workers.config.LaneEnvironment;

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
}
