package dev.oncelane.activities.ledger;

import dev.oncelane.workflows.ledger.SyncStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which ledger events an operator chose, e.g. for {@code oncelane replay}: every criterion given
 * must hold (AND); within one criterion any value may match (OR). Built with {@link #builder()}.
 *
 * @param statuses {@code result_status} codes to match; empty for any
 * @param reasons {@code reason} codes to match ({@code validation_error}, {@code lane_error});
 *     empty for any
 * @param sources sources to match ({@code generic}, {@code typeform}, {@code import}); empty for
 *     any
 * @param createdFromMillis when the ledger first saw the event, inclusive lower bound, epoch
 *     milliseconds; null for no bound
 * @param createdUntilMillis exclusive upper bound on the same time; null for no bound
 * @param processingIds the events by processing id; empty for any
 */
public record EventSelection(
    Set<SyncStatus> statuses,
    Set<String> reasons,
    Set<String> sources,
    Long createdFromMillis,
    Long createdUntilMillis,
    List<String> processingIds) {

  public EventSelection {
    statuses = Set.copyOf(statuses);
    reasons = Set.copyOf(reasons);
    sources = Set.copyOf(sources);
    processingIds = List.copyOf(new LinkedHashSet<>(processingIds));
  }

  /** True when no criterion is given: the selection would be every event in the ledger. */
  public boolean selectsEverything() {
    return statuses.isEmpty()
        && reasons.isEmpty()
        && sources.isEmpty()
        && createdFromMillis == null
        && createdUntilMillis == null
        && processingIds.isEmpty();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Adds criteria one at a time; blank values are ignored. */
  public static final class Builder {
    private final Set<SyncStatus> statuses = new LinkedHashSet<>();
    private final Set<String> reasons = new LinkedHashSet<>();
    private final Set<String> sources = new LinkedHashSet<>();
    private Long createdFromMillis;
    private Long createdUntilMillis;
    private final List<String> processingIds = new ArrayList<>();

    private Builder() {}

    public Builder status(SyncStatus status) {
      statuses.add(status);
      return this;
    }

    public Builder reasons(Collection<String> codes) {
      codes.stream().filter(c -> !c.isBlank()).map(String::trim).forEach(reasons::add);
      return this;
    }

    public Builder sources(Collection<String> names) {
      names.stream().filter(n -> !n.isBlank()).map(String::trim).forEach(sources::add);
      return this;
    }

    public Builder createdFrom(Long epochMillis) {
      createdFromMillis = epochMillis;
      return this;
    }

    public Builder createdUntil(Long epochMillis) {
      createdUntilMillis = epochMillis;
      return this;
    }

    public Builder processingIds(Collection<String> ids) {
      ids.stream().filter(i -> !i.isBlank()).map(String::trim).forEach(processingIds::add);
      return this;
    }

    public EventSelection build() {
      return new EventSelection(
          statuses, reasons, sources, createdFromMillis, createdUntilMillis, processingIds);
    }
  }
}
