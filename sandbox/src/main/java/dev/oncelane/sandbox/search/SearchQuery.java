package dev.oncelane.sandbox.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code POST /crm/v3/objects/contacts/search} body, within HubSpot's documented limits.
 *
 * @param filterGroups groups ORed together, the filters of a group ANDed
 * @param query free text matched against the common name, email, phone and company properties
 * @param sorts sort keys, first one first; empty means by id ascending
 * @param properties properties to render, or null for HubSpot's default set
 * @param limit page size
 * @param offset where the page starts (the {@code after} cursor)
 */
public record SearchQuery(
    List<List<Filter>> filterGroups,
    String query,
    List<Sort> sorts,
    List<String> properties,
    int limit,
    int offset) {

  public static final int MAX_GROUPS = 5;
  public static final int MAX_FILTERS_PER_GROUP = 6;
  public static final int MAX_FILTERS = 18;
  public static final int MAX_LIMIT = 200;
  public static final int DEFAULT_LIMIT = 10;

  /** One sort key. */
  public record Sort(String propertyName, boolean descending) {}

  /** Parses and checks a search body; throws {@link InvalidSearchException} if HubSpot would. */
  public static SearchQuery parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new InvalidSearchException("The search request body must be a JSON object.");
    }
    return new SearchQuery(
        filterGroups(body.get("filterGroups")),
        optionalText(body, "query"),
        sorts(body.get("sorts")),
        body.hasNonNull("properties") ? texts(body.get("properties"), "properties") : null,
        limit(body.get("limit")),
        offset(body.get("after")));
  }

  private static List<List<Filter>> filterGroups(JsonNode groups) {
    List<List<Filter>> parsed = new ArrayList<>();
    if (groups == null || groups.isNull()) {
      return parsed;
    }
    if (!groups.isArray()) {
      throw new InvalidSearchException("filterGroups must be an array.");
    }
    if (groups.size() > MAX_GROUPS) {
      throw new InvalidSearchException(
          "Too many filter groups: " + groups.size() + " (at most " + MAX_GROUPS + ").");
    }
    int total = 0;
    for (JsonNode group : groups) {
      JsonNode filters = group.get("filters");
      if (filters == null || !filters.isArray()) {
        throw new InvalidSearchException("Each filter group needs a \"filters\" array.");
      }
      if (filters.size() > MAX_FILTERS_PER_GROUP) {
        throw new InvalidSearchException(
            "Too many filters in a group: "
                + filters.size()
                + " (at most "
                + MAX_FILTERS_PER_GROUP
                + ").");
      }
      total += filters.size();
      List<Filter> parsedGroup = new ArrayList<>();
      filters.forEach(filter -> parsedGroup.add(filter(filter)));
      parsed.add(parsedGroup);
    }
    if (total > MAX_FILTERS) {
      throw new InvalidSearchException(
          "Too many filters: " + total + " (at most " + MAX_FILTERS + " across all groups).");
    }
    return parsed;
  }

  private static Filter filter(JsonNode node) {
    String property = optionalText(node, "propertyName");
    String operator = optionalText(node, "operator");
    if (property == null || property.isEmpty()) {
      throw new InvalidSearchException("Each filter needs a propertyName.");
    }
    if (operator == null || !Filter.OPERATORS.contains(operator)) {
      throw new InvalidSearchException(
          "Unknown filter operator " + operator + "; known: " + Filter.OPERATORS + ".");
    }
    String value = optionalText(node, "value");
    String highValue = optionalText(node, "highValue");
    List<String> values = node.has("values") ? texts(node.get("values"), "values") : List.of();
    boolean needsValue = !operator.endsWith("HAS_PROPERTY") && !operator.endsWith("IN");
    if (needsValue && value == null) {
      throw new InvalidSearchException("Operator " + operator + " needs a value.");
    }
    if (operator.equals("BETWEEN") && highValue == null) {
      throw new InvalidSearchException("Operator BETWEEN needs a highValue.");
    }
    if (operator.endsWith("IN") && values.isEmpty()) {
      throw new InvalidSearchException("Operator " + operator + " needs a values array.");
    }
    return new Filter(property, operator, value, highValue, values);
  }

  // HubSpot's schema says sorts are strings, its guides send objects; take either.
  private static List<Sort> sorts(JsonNode sorts) {
    List<Sort> parsed = new ArrayList<>();
    if (sorts == null || sorts.isNull()) {
      return parsed;
    }
    if (!sorts.isArray()) {
      throw new InvalidSearchException("sorts must be an array.");
    }
    for (JsonNode sort : sorts) {
      if (sort.isTextual()) {
        parsed.add(new Sort(sort.asText(), false));
      } else if (sort.isObject() && sort.hasNonNull("propertyName")) {
        String direction = optionalText(sort, "direction");
        parsed.add(
            new Sort(sort.get("propertyName").asText(), "DESCENDING".equalsIgnoreCase(direction)));
      } else {
        throw new InvalidSearchException(
            "Each sort is a property name or {\"propertyName\",\"direction\"}.");
      }
    }
    return parsed;
  }

  private static int limit(JsonNode limit) {
    if (limit == null || limit.isNull()) {
      return DEFAULT_LIMIT;
    }
    if (!limit.canConvertToInt() || limit.asInt() < 0 || limit.asInt() > MAX_LIMIT) {
      throw new InvalidSearchException("limit must be between 0 and " + MAX_LIMIT + ".");
    }
    return limit.asInt();
  }

  private static int offset(JsonNode after) {
    if (after == null || after.isNull() || after.asText().isEmpty()) {
      return 0;
    }
    try {
      int offset = Integer.parseInt(after.asText());
      if (offset >= 0) {
        return offset;
      }
    } catch (NumberFormatException ignored) {
      // falls through to the error below
    }
    throw new InvalidSearchException("Invalid paging cursor after=" + after.asText() + ".");
  }

  private static List<String> texts(JsonNode array, String field) {
    if (!array.isArray()) {
      throw new InvalidSearchException(field + " must be an array of strings.");
    }
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
