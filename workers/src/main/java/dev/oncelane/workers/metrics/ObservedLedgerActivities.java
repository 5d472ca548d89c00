package dev.oncelane.workers.metrics;

import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerActivitiesImpl;
import dev.oncelane.activities.ledger.StepWrite;
import dev.oncelane.workflows.freshness.Freshness;
import dev.oncelane.workflows.freshness.OrderingKey;
import dev.oncelane.workflows.ledger.LedgerActivities;
import dev.oncelane.workflows.ledger.LedgerEntry;
import dev.oncelane.workflows.ledger.Transition;
import dev.oncelane.workflows.sync.ContactEvent;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The workflow's ledger activities, written to a {@link JdbcLedger} and observed by {@link
 * LaneMetrics}. Every transition passes here, so this is where the business counters are taken.
 */
public final class ObservedLedgerActivities implements LedgerActivities {

  private final JdbcLedger ledger;
  private final LaneMetrics metrics;

  public ObservedLedgerActivities(JdbcLedger ledger, LaneMetrics metrics) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public LedgerEntry begin(ContactEvent event) {
    return ledger.begin(event);
  }

  @Override
  public Integer record(Transition transition) {
    StepWrite write = ledger.record(transition, LedgerActivitiesImpl.runId());
    // Activities run at least once: only the write that recorded the step counts it.
    write.written().ifPresent(before -> metrics.stepRecorded(transition, before.createdAtMillis()));
    return write.seq();
  }

  @Override
  public Freshness freshProperties(String objectKey, OrderingKey key, Set<String> properties) {
    Freshness freshness = ledger.propertyVersions().freshProperties(objectKey, key, properties);
    metrics.staleProperties(key.processingId(), freshness.stale().size());
    return freshness;
  }

  @Override
  public List<String> recordWritten(String objectKey, OrderingKey key, Set<String> properties) {
    return ledger.propertyVersions().recordWritten(objectKey, key, properties);
  }
}
