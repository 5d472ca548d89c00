package dev.oncelane.sandbox.search;

import dev.oncelane.sandbox.contacts.ContactRecord;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Runs a {@link SearchQuery} over the records the search index currently shows. */
public final class ContactSearch {

  private static final List<String> QUERY_PROPERTIES =
      List.of("firstname", "lastname", "email", "phone", "company", "website");

  private ContactSearch() {}

  public static SearchPage run(List<ContactRecord> indexed, SearchQuery query) {
    List<ContactRecord> matching =
        indexed.stream()
            .filter(record -> matchesFilters(record.properties(), query.filterGroups()))
            .filter(record -> matchesText(record.properties(), query.query()))
            .sorted(order(query.sorts()))
            .toList();
    int from = Math.min(query.offset(), matching.size());
    int to = Math.min(from + query.limit(), matching.size());
    String next = to < matching.size() ? Integer.toString(to) : null;
    return new SearchPage(matching.size(), matching.subList(from, to), next);
  }

  private static boolean matchesFilters(Map<String, String> properties, List<List<Filter>> groups) {
    return groups.isEmpty()
        || groups.stream()
            .anyMatch(group -> group.stream().allMatch(filter -> filter.matches(properties)));
  }

  // Every word of the query must be a token of one of the common properties.
  private static boolean matchesText(Map<String, String> properties, String query) {
    if (query == null || query.isBlank()) {
      return true;
    }
    for (String word : query.trim().split("\\s+")) {
      boolean found =
          QUERY_PROPERTIES.stream()
              .map(properties::get)
              .anyMatch(value -> value != null && Filter.containsToken(value, word));
      if (!found) {
        return false;
      }
    }
    return true;
  }

  private static Comparator<ContactRecord> order(List<SearchQuery.Sort> sorts) {
    Comparator<ContactRecord> order = (left, right) -> 0;
    for (SearchQuery.Sort sort : sorts) {
      Comparator<ContactRecord> byProperty =
          Comparator.comparing(
              (ContactRecord record) -> record.properties().get(sort.propertyName()),
              Comparator.nullsLast(ContactSearch::compareValues));
      order = order.thenComparing(sort.descending() ? byProperty.reversed() : byProperty);
    }
    return order.thenComparingLong(ContactRecord::id);
  }

  private static int compareValues(String left, String right) {
    try {
      return new BigDecimal(left).compareTo(new BigDecimal(right));
    } catch (NumberFormatException notBothNumbers) {
      return left.compareToIgnoreCase(right);
    }
  }
}
