package dev.oncelane.workers.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oncelane.activities.imports.ImportManifest;
import dev.oncelane.activities.imports.ImportRow;
import dev.oncelane.relay.Rejection;
import dev.oncelane.relay.sources.CanonicalPayload;
import dev.oncelane.relay.sources.IdempotencyKeys;
import dev.oncelane.relay.sources.SourceEvent;
import dev.oncelane.workflows.sync.ContactEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An import file read, validated and keyed: every data row as an {@link ImportRow} (its event, or
 * why it is invalid), ready for {@code ImportStore.save}. Read one with {@link #read}.
 *
 * <p>A valid row's event: source {@value #SOURCE}; processing id {@code import:<key>}, where the
 * key is the {@code --key-column} value, else the source mapping's key, else the first 32 hex
 * digits of SHA-256 over {@code name + "\n" + the event's canonical JSON} ({@link
 * CanonicalPayload}: email, occurredAt, sorted properties, source), so a repeated row is the same
 * event and the same rows imported again under the same name are the same events; payload hash as
 * the relay computes it; occurredAt from the time column, else the mapping, else the file's time;
 * acceptedAt = submit time + line number (ms), so later lines win ties under newest wins.
 *
 * @param path the file read
 * @param format its format
 * @param name the import's name
 * @param importId {@code <name>-<first 12 hex digits of the file's SHA-256>}
 * @param fileSha256 SHA-256 of the file's bytes, hex
 * @param header a CSV file's column names; empty for JSONL
 * @param rows every data row in line order (a CSV header is not a row; blank lines are skipped)
 * @param duplicateRows valid rows whose event an earlier line of the file already is
 * @param submittedAtMillis when the import was submitted, epoch milliseconds
 */
public record ImportFile(
    Path path,
    ImportFormat format,
    String name,
    String importId,
    String fileSha256,
    List<String> header,
    List<ImportRow> rows,
    int duplicateRows,
    long submittedAtMillis) {

  /** The source of every imported event: {@code replay --source import} selects them. */
  public static final String SOURCE = "import";

  /** What an import's name may hold: it becomes part of a Temporal workflow id. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  public ImportFile {
    header = List.copyOf(header);
    rows = List.copyOf(rows);
  }

  /**
   * Reads, validates and keys every row of {@code file} in one pass (memory grows with the rows,
   * time linearly).
   *
   * @throws ImportRefused when the file or an option cannot be used at all (unknown extension, no
   *     header, a header naming a column twice, a key or time column the header lacks, a bad name,
   *     a source whose preset has no row mapping)
   * @throws IOException when the file cannot be read
   */
  public static ImportFile read(Path file, ImportFileOptions options) throws IOException {
    ImportFormat format;
    try {
      format = ImportFormat.of(file);
    } catch (IllegalArgumentException e) {
      throw new ImportRefused(e.getMessage());
    }
    String fileName = file.getFileName().toString();
    String name = options.name() != null ? options.name() : defaultName(fileName);
    if (!NAME.matcher(name).matches()) {
      throw new ImportRefused(
          "import name '" + name + "' must be 1-100 letters, digits, '.', '_' or '-' (--name)");
    }
    Instant fileTime =
        options.fileTime() != null
            ? options.fileTime()
            : Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.MILLIS);
    Set<String> consumed = new HashSet<>();
    if (options.keyColumn() != null) {
      consumed.add(options.keyColumn());
    }
    if (options.timeColumn() != null) {
      consumed.add(options.timeColumn());
    }
    Keyer keyer =
        new Keyer(name, options, fileTime.toString(), RowMapping.of(options.source(), consumed));
    MessageDigest sha256 = sha256();
    List<String> header = List.of();
    try (InputStream bytes = new DigestInputStream(Files.newInputStream(file), sha256);
        Reader text = new InputStreamReader(bytes, StandardCharsets.UTF_8)) {
      if (format == ImportFormat.CSV) {
        header = CsvRows.read(text, fileName, keyer::accept);
        for (String column : consumed) {
          if (!header.contains(column)) {
            throw new ImportRefused(
                fileName + " has no column '" + column + "' (its columns: " + header + ")");
          }
        }
      } else {
        JsonlRows.read(text, keyer::accept);
      }
      bytes.transferTo(OutputStream.nullOutputStream());
    }
    String fileSha256 = HexFormat.of().formatHex(sha256.digest());
    return new ImportFile(
        file,
        format,
        name,
        name + "-" + fileSha256.substring(0, 12),
        fileSha256,
        header,
        keyer.rows,
        keyer.duplicates,
        options.submittedAtMillis());
  }

  /** The file name without its extension, other characters than a name allows made {@code -}. */
  public static String defaultName(String fileName) {
    String base = ImportFormat.baseName(fileName).replaceAll("[^A-Za-z0-9._-]", "-");
    return base.length() > 100 ? base.substring(0, 100) : base;
  }

  /** The manifest {@code ImportStore.save} keeps, submitted by {@code submittedBy}. */
  public ImportManifest manifest(String submittedBy) {
    return new ImportManifest(
        importId,
        name,
        path.getFileName().toString(),
        fileSha256,
        rows.size(),
        invalidRows().size(),
        submittedBy,
        submittedAtMillis);
  }

  /** The rows refused before the lane, in line order. */
  public List<ImportRow> invalidRows() {
    return rows.stream().filter(r -> !r.isValid()).toList();
  }

  /** Distinct events among the valid rows. */
  public int events() {
    return rows.size() - invalidRows().size() - duplicateRows;
  }

  /** Turns read rows into keyed rows, remembering each event's first line. */
  private static final class Keyer {
    private final String name;
    private final ImportFileOptions options;
    private final String fileTime;
    private final RowMapping mapping;
    private final List<ImportRow> rows = new ArrayList<>();
    private final Map<String, Seen> seen = new HashMap<>();
    private int duplicates;

    private record Seen(int line, String payloadHash) {}

    Keyer(String name, ImportFileOptions options, String fileTime, RowMapping mapping) {
      this.name = name;
      this.options = options;
      this.fileTime = fileTime;
      this.mapping = mapping;
    }

    void accept(FileRow row) {
      if (row.problem() != null) {
        rows.add(ImportRow.invalid(row.line(), row.problem(), row.raw()));
        return;
      }
      try {
        ContactEvent event = event(row);
        Seen first =
            seen.putIfAbsent(event.processingId(), new Seen(row.line(), event.payloadHash()));
        if (first != null && !first.payloadHash().equals(event.payloadHash())) {
          throw new RowProblem(
              "key "
                  + event.processingId()
                  + " is line "
                  + first.line()
                  + "'s, with other values; give each row its own key");
        }
        if (first != null) {
          duplicates++;
        }
        rows.add(ImportRow.valid(row.line(), event, row.raw()));
      } catch (RowProblem e) {
        rows.add(ImportRow.invalid(row.line(), e.getMessage(), row.raw()));
      }
    }

    private ContactEvent event(FileRow row) {
      ObjectNode fields = row.fields();
      SourceEvent mapped = mapping.map(fields);
      String email = mapped.email();
      if (email == null || email.isBlank()) {
        throw new RowProblem("no email");
      }
      if (!ContactEvent.isEmailAddress(email)) {
        throw new RowProblem("bad email '" + email.trim() + "'");
      }
      String occurredAt =
          options.timeColumn() != null
              ? EventTimes.parse(text(fields, options.timeColumn()), options.timeColumn())
              : mapped.occurredAt() != null ? mapped.occurredAt() : fileTime;
      String key = options.keyColumn() != null ? columnKey(fields) : mapped.key();
      ContactEvent unkeyed;
      try {
        unkeyed =
            new SourceEvent(key == null ? "unkeyed" : key, email, mapped.properties(), occurredAt)
                .toContactEvent(SOURCE);
      } catch (Rejection e) {
        throw new RowProblem(e.detail());
      }
      if (key == null) {
        key = hashKey(name, CanonicalPayload.canonicalJson(unkeyed));
      }
      return new ContactEvent(
          SOURCE + ":" + key,
          SOURCE,
          unkeyed.email(),
          unkeyed.properties(),
          occurredAt,
          unkeyed.payloadHash(),
          null,
          options.submittedAtMillis() + row.line());
    }

    private String columnKey(ObjectNode fields) {
      String column = options.keyColumn();
      try {
        return IdempotencyKeys.require(text(fields, column), "column " + column + " is empty");
      } catch (Rejection e) {
        throw new RowProblem(e.detail());
      }
    }

    private static String text(ObjectNode fields, String column) {
      JsonNode value = fields.get(column);
      return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }
  }

  /** {@code name + "\n" + canonicalJson}, SHA-256, first 32 hex digits. */
  static String hashKey(String name, String canonicalJson) {
    byte[] digest = sha256().digest((name + "\n" + canonicalJson).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest).substring(0, 32);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
