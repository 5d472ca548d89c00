package dev.oncelane.workers.imports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oncelane.relay.sources.SourceConfig;
import dev.oncelane.relay.sources.SourceEvent;
import java.util.Set;

/**
 * How a row (as a JSON object) becomes an event's email, properties, event time and key: the
 * default columns, or a configured source's mapping. Columns named {@code oncelane_*} (a result
 * file's own) are removed before either sees the row.
 */
interface RowMapping {

  /** The prefix of the columns the result file adds, ignored when read back. */
  String RESULT_COLUMN_PREFIX = "oncelane_";

  /**
   * The row's contact data. The key is null unless the mapping reads one (an {@code expressions}
   * source's {@code key}); the event time is null unless the mapping reads one.
   *
   * @throws RowProblem when the row cannot become an event
   */
  SourceEvent map(ObjectNode row);

  /**
   * The mapping for an import.
   *
   * @param source a configured source, or null for the default columns
   * @param consumed columns the import reads itself ({@code --key-column}, {@code --time-column}),
   *     which the default mapping does not also send as properties
   * @throws ImportRefused when the source's preset has no mapping that fits a file's rows
   */
  static RowMapping of(SourceConfig source, Set<String> consumed) {
    return source == null ? new ColumnMapping(consumed) : new SourceMapping(source);
  }
}
