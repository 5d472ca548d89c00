package dev.oncelane.relay.sources;

import dev.oncelane.relay.Ignored;
import java.util.List;

/** Which event types a source syncs: exact names, or a prefix ending in {@code .*}. */
final class EventTypes {

  private final List<String> synced;

  /**
   * @param synced the configured types; empty means {@code fallback}
   * @param fallback the preset's default; empty means every type
   */
  EventTypes(List<String> synced, List<String> fallback) {
    this.synced = synced.isEmpty() ? fallback : synced;
  }

  /**
   * Returns normally when {@code type} is synced.
   *
   * @param field where the type was read, for the reason
   * @throws Ignored naming the type and what is synced
   */
  void require(String type, String field) {
    if (synced.isEmpty() || (type != null && synced.stream().anyMatch(s -> matches(s, type)))) {
      return;
    }
    throw new Ignored(
        field
            + " "
            + (type == null ? "is missing" : type + " is not synced")
            + " (this source syncs "
            + String.join(", ", synced)
            + ")");
  }

  private static boolean matches(String pattern, String type) {
    return pattern.endsWith(".*")
        ? type.startsWith(pattern.substring(0, pattern.length() - 1))
        : pattern.equals(type);
  }
}
