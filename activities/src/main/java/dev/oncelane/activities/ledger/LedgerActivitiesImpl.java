package dev.oncelane.activities.ledger;

import dev.oncelane.workflows.freshness.Freshness;
import dev.oncelane.workflows.freshness.OrderingKey;
import dev.oncelane.workflows.ledger.LedgerActivities;
import dev.oncelane.workflows.ledger.LedgerEntry;
import dev.oncelane.workflows.ledger.Transition;
import dev.oncelane.workflows.sync.ContactEvent;
import io.temporal.activity.Activity;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The workflow's ledger activities, written to a {@link JdbcLedger}. Register it with the worker
 * (as local activities, see {@link dev.oncelane.workflows.policy.LanePolicies#LEDGER}).
 */
public final class LedgerActivitiesImpl implements LedgerActivities {

  private final JdbcLedger ledger;

  public LedgerActivitiesImpl(JdbcLedger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  @Override
  public LedgerEntry begin(ContactEvent event) {
    return ledger.begin(event);
  }

  @Override
  public Integer record(Transition transition) {
    return ledger.record(transition, runId()).seq();
  }

  /**
   * The Temporal run of the activity calling, named in the trail when it rewrites a step; null
   * outside an activity.
   */
  public static String runId() {
    try {
      return Activity.getExecutionContext().getInfo().getRunId();
    } catch (IllegalStateException | NullPointerException notInAnActivity) {
      return null;
    }
  }

  @Override
  public Freshness freshProperties(String objectKey, OrderingKey key, Set<String> properties) {
    return ledger.propertyVersions().freshProperties(objectKey, key, properties);
  }

  @Override
  public List<String> recordWritten(String objectKey, OrderingKey key, Set<String> properties) {
    return ledger.propertyVersions().recordWritten(objectKey, key, properties);
  }
}
