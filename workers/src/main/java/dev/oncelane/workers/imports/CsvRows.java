package dev.oncelane.workers.imports;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file (RFC 4180: a header row, quoted fields that may hold commas, quotes and line
 * breaks) row by row with Commons CSV. A row's line is the line its record starts on, so a quoted
 * value spanning lines 7–9 is reported as line 7.
 */
final class CsvRows {

  /**
   * RFC 4180, read leniently at the end of the file. Empty lines are kept as records so the line
   * count stays exact; they are skipped here.
   */
  static final CSVFormat FORMAT =
      CSVFormat.RFC4180
          .builder()
          .setIgnoreEmptyLines(false)
          .setLenientEof(true)
          .setTrailingData(true)
          .get();

  private CsvRows() {}

  /**
   * Reads {@code in}, handing each data row to {@code rows} in file order.
   *
   * @param fileName for messages
   * @return the header's column names
   * @throws ImportRefused when the file has no header, names a column twice, or is not CSV
   */
  static List<String> read(Reader in, String fileName, Consumer<FileRow> rows) throws IOException {
    CSVParser parser = CSVParser.builder().setReader(in).setFormat(FORMAT).get();
    Iterator<CSVRecord> records = parser.iterator();
    List<String> header = null;
    long linesBefore = 0;
    try {
      while (records.hasNext()) {
        CSVRecord record = records.next();
        int line = (int) linesBefore + 1;
        linesBefore = parser.getCurrentLineNumber();
        if (isBlank(record)) {
          continue;
        }
        List<String> values = record.toList();
        if (header == null) {
          header = header(values, fileName);
          continue;
        }
        String raw = raw(header, values);
        if (values.size() != header.size()) {
          rows.accept(
              new FileRow(
                  line,
                  null,
                  "wrong column count: "
                      + values.size()
                      + " values, the header has "
                      + header.size()
                      + " columns",
                  raw));
          continue;
        }
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < header.size(); i++) {
          if (!header.get(i).isEmpty()) {
            fields.put(header.get(i), values.get(i));
          }
        }
        rows.accept(new FileRow(line, fields, null, raw));
      }
    } catch (UncheckedIOException e) {
      throw new ImportRefused(
          fileName
              + ":"
              + (parser.getCurrentLineNumber() + 1)
              + ": not readable as CSV ("
              + e.getCause().getMessage()
              + ")");
    }
    if (header == null) {
      throw new ImportRefused(fileName + " is empty: a CSV import needs a header row");
    }
    return header;
  }

  private static List<String> header(List<String> values, String fileName) {
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String value : values) {
      // A file saved by a spreadsheet may start with a byte order mark.
      String name = (names.isEmpty() ? value.replace("\uFEFF", "") : value).trim();
      if (!name.isEmpty() && !seen.add(name)) {
        throw new ImportRefused(
            fileName + ":1: the header names column '" + name + "' twice; rename one");
      }
      names.add(name);
    }
    return List.copyOf(names);
  }

  private static boolean isBlank(CSVRecord record) {
    return record.size() == 1 && record.get(0).isEmpty();
  }

  /**
   * A CSV row's raw text: its header and its values as two CSV records, so that the row can be
   * written out alone (the result file) without the import's manifest having to keep the header.
   */
  static String raw(List<String> header, List<String> values) {
    return FORMAT.format(header.toArray()) + "\n" + FORMAT.format(values.toArray());
  }

  /**
   * A row's header and values from {@link #raw}.
   *
   * @return two lists: the header, then the values
   */
  static List<List<String>> parseRaw(String raw) {
    try (CSVParser parser =
        CSVParser.builder().setReader(new StringReader(raw)).setFormat(FORMAT).get()) {
      List<List<String>> records = new ArrayList<>();
      for (CSVRecord record : parser) {
        records.add(record.toList());
      }
      return records;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
