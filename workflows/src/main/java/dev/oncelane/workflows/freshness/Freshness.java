package dev.oncelane.workflows.freshness;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The ledger's answer to "which of these properties is this event the newest for?".
 *
 * @param fresh the properties the event may write: none recorded yet, or recorded by an older
 *     event, or by this same event (a repeated write), sorted by name
 * @param stale for each other property, the newer event that holds it, sorted by property
 */
public record Freshness(List<String> fresh, List<PropertyVersion> stale) {

  public Freshness {
    fresh = fresh == null ? List.of() : List.copyOf(new TreeSet<>(fresh));
    stale = stale == null ? List.of() : List.copyOf(stale);
  }

  /** Every property fresh: what an event with no recorded rival gets. */
  public static Freshness allFresh(Set<String> properties) {
    return new Freshness(List.copyOf(properties), List.of());
  }

  /** True when the event asked about properties and is the newest for none of them. */
  public boolean allStale() {
    return fresh.isEmpty() && !stale.isEmpty();
  }

  /** The trail's words for the stale ones, e.g. {@code firstname kept: newer value from …}. */
  public String describeKept() {
    return stale.stream().map(PropertyVersion::describeKept).collect(Collectors.joining("; "));
  }
}
