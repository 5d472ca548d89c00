package dev.oncelane.workers.imports;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.function.Consumer;

/** Reads a JSON Lines file (jsonlines.org): one JSON object per line, blank lines skipped. */
final class JsonlRows {

  // As strict as the relay: duplicate keys and trailing garbage make a line ambiguous.
  static final ObjectMapper STRICT =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonlRows() {}

  /** Reads {@code in}, handing each non-blank line to {@code rows} in file order. */
  static void read(Reader in, Consumer<FileRow> rows) throws IOException {
    BufferedReader lines = new BufferedReader(in);
    String text;
    int line = 0;
    while ((text = lines.readLine()) != null) {
      line++;
      if (line == 1) {
        text = text.replace("\uFEFF", "");
      }
      if (text.isBlank()) {
        continue;
      }
      rows.accept(row(line, text));
    }
  }

  private static FileRow row(int line, String text) {
    JsonNode node;
    try {
      node = STRICT.readTree(text);
    } catch (JsonProcessingException e) {
      return new FileRow(line, null, "not valid JSON: " + e.getOriginalMessage(), text);
    }
    if (!(node instanceof ObjectNode object)) {
      return new FileRow(line, null, "not a JSON object", text);
    }
    return new FileRow(line, object, null, text);
  }
}
