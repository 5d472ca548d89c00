package dev.oncelane.workers.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oncelane.relay.sources.SourceEvent;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The default mapping: the column (JSONL: field) {@code email}, in any case, is the email; every
 * other column is a CRM property of the same name. Blank cells and JSON nulls are skipped (an
 * import never clears a property); numbers and booleans become their text; a JSON object or array
 * makes the row invalid.
 */
final class ColumnMapping implements RowMapping {

  private final Set<String> consumed;

  ColumnMapping(Set<String> consumed) {
    this.consumed = Set.copyOf(consumed);
  }

  @Override
  public SourceEvent map(ObjectNode row) {
    String email = null;
    boolean emailSeen = false;
    Map<String, String> properties = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = row.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (name.startsWith(RESULT_COLUMN_PREFIX) || consumed.contains(name)) {
        continue;
      }
      if (value.isContainerNode()) {
        throw new RowProblem(
            name + " is an object or array; a property value is text, a number or a boolean");
      }
      String text = value.isNull() ? "" : value.asText();
      if (!emailSeen && name.equalsIgnoreCase("email")) {
        emailSeen = true;
        email = text;
      } else if (!text.isBlank()) {
        properties.put(name, text);
      }
    }
    return new SourceEvent(null, email, properties, null);
  }
}
