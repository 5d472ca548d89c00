package dev.oncelane.activities.crm;

import dev.oncelane.activities.hubspot.HubSpotProperty;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The CRM's contact properties, cached: which property names a write may carry. Read from {@code
 * GET /crm/v3/properties/contacts} on first use, again once it is older than {@code maxAge}, and
 * whenever a write meets {@code PROPERTY_DOESNT_EXIST} (someone changed the portal's properties). A
 * property the CRM lacks, or whose value is read-only or calculated, is not writable. Thread-safe.
 */
public final class ContactPropertyCatalog {

  /** How long a read catalog is trusted before it is read again. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

  /**
   * A write's properties split by the catalog.
   *
   * @param kept what may be written
   * @param dropped the names left out, sorted
   */
  public record Split(Map<String, String> kept, List<String> dropped) {}

  private final Supplier<List<HubSpotProperty>> loader;
  private final Clock clock;
  private final Duration maxAge;
  private Set<String> writable;
  private Instant readAt;

  /**
   * @param loader reads the CRM's properties (e.g. {@code HubSpotClient::listContactProperties});
   *     its failures propagate to the write that needed the catalog
   */
  public ContactPropertyCatalog(
      Supplier<List<HubSpotProperty>> loader, Clock clock, Duration maxAge) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
  }

  /**
   * Splits {@code properties} into what the CRM can take and what it cannot. {@code email}, the
   * contact's key, is always kept.
   */
  public Split split(Map<String, String> properties) {
    Set<String> names = writable();
    Map<String, String> kept = new LinkedHashMap<>();
    List<String> dropped = new ArrayList<>();
    properties.forEach(
        (name, value) -> {
          if (name.equals("email") || names.contains(name)) {
            kept.put(name, value);
          } else {
            dropped.add(name);
          }
        });
    dropped.sort(null);
    return new Split(kept, dropped);
  }

  /** Forgets the cached catalog, so the next split reads it again. */
  public synchronized void invalidate() {
    writable = null;
  }

  private synchronized Set<String> writable() {
    Instant now = clock.instant();
    if (writable == null || readAt.plus(maxAge).isBefore(now)) {
      writable =
          loader.get().stream()
              .filter(HubSpotProperty::writable)
              .map(HubSpotProperty::name)
              .collect(Collectors.toUnmodifiableSet());
      readAt = now;
    }
    return writable;
  }
}
