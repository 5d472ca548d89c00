package dev.oncelane.workers.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oncelane.activities.imports.UnfinishedRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVPrinter;

/**
 * An import's result file: one row per row that did not complete, in the input's format, ready to
 * fix and import again (the {@code oncelane_*} columns are ignored on import).
 *
 * <ul>
 *   <li>CSV: columns {@code oncelane_line, oncelane_status, oncelane_reason, oncelane_message},
 *       then the row's own columns as in the input's header (a row of the wrong length keeps its
 *       values as they were, so only its own columns shift).
 *   <li>JSONL: the row's object with the four fields first; a line that was not a JSON object is
 *       kept as text in {@code oncelane_raw}.
 * </ul>
 *
 * {@code oncelane_status} is {@code invalid}, {@code failed}, {@code manual_review}, {@code
 * discarded}, {@code pending} or {@code processing}; {@code oncelane_reason} the invalid row's
 * problem or the ledger's reason code ({@code validation_error}); {@code oncelane_message} the
 * CRM's message, if any. Columns {@code oncelane_*} the input already had (an earlier result file)
 * are replaced.
 */
public final class ResultFile {

  public static final String LINE = "oncelane_line";
  public static final String STATUS = "oncelane_status";
  public static final String REASON = "oncelane_reason";
  public static final String MESSAGE = "oncelane_message";
  public static final String RAW = "oncelane_raw";

  private static final List<String> COLUMNS = List.of(LINE, STATUS, REASON, MESSAGE);
  private static final ObjectMapper JSON = new ObjectMapper();

  private ResultFile() {}

  /**
   * Writes {@code rows} to {@code file} (replacing it), in {@code format}.
   *
   * @throws IOException when the file cannot be written
   */
  public static void write(Path file, ImportFormat format, List<UnfinishedRow> rows)
      throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      if (format == ImportFormat.CSV) {
        writeCsv(out, rows);
      } else {
        writeJsonl(out, rows);
      }
    }
  }

  private static void writeCsv(BufferedWriter out, List<UnfinishedRow> rows) throws IOException {
    CSVPrinter printer = new CSVPrinter(out, CsvRows.FORMAT);
    boolean headerWritten = false;
    for (UnfinishedRow row : rows) {
      List<List<String>> parsed = CsvRows.parseRaw(row.raw() == null ? "" : row.raw());
      List<String> header = parsed.isEmpty() ? List.of() : parsed.get(0);
      List<String> values = parsed.size() < 2 ? List.of() : parsed.get(1);
      List<Integer> kept = ownColumns(header);
      if (!headerWritten) {
        List<String> columns = new ArrayList<>(COLUMNS);
        kept.forEach(i -> columns.add(header.get(i)));
        printer.printRecord(columns);
        headerWritten = true;
      }
      List<String> record = new ArrayList<>(resultValues(row));
      for (int i = 0; i < values.size(); i++) {
        if (i >= header.size() || kept.contains(i)) {
          record.add(values.get(i));
        }
      }
      printer.printRecord(record);
    }
    printer.flush();
  }

  /** Indexes of the header's columns that are not an earlier result file's. */
  private static List<Integer> ownColumns(List<String> header) {
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      if (!header.get(i).startsWith(RowMapping.RESULT_COLUMN_PREFIX)) {
        kept.add(i);
      }
    }
    return kept;
  }

  private static void writeJsonl(BufferedWriter out, List<UnfinishedRow> rows) throws IOException {
    for (UnfinishedRow row : rows) {
      ObjectNode line = JSON.createObjectNode();
      List<String> values = resultValues(row);
      for (int i = 0; i < COLUMNS.size(); i++) {
        line.put(COLUMNS.get(i), values.get(i));
      }
      JsonNode original = parseObject(row.raw());
      if (original == null) {
        line.put(RAW, row.raw());
      } else {
        Iterator<Map.Entry<String, JsonNode>> fields = original.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          if (!field.getKey().startsWith(RowMapping.RESULT_COLUMN_PREFIX)) {
            line.set(field.getKey(), field.getValue());
          }
        }
      }
      out.write(JSON.writeValueAsString(line));
      out.write('\n');
    }
  }

  private static JsonNode parseObject(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      JsonNode node = JsonlRows.STRICT.readTree(raw);
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static List<String> resultValues(UnfinishedRow row) {
    return List.of(
        Integer.toString(row.line()),
        row.status(),
        row.reason() == null ? "" : row.reason(),
        row.crmMessage() == null ? "" : row.crmMessage());
  }
}
