package dev.oncelane.workers.bench.imports;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The rows of issue #13's import proof, generated from a seed: {@value #INVALID_PERCENT} % invalid
 * emails, {@value #REPEATED_PERCENT} % repeated rows (exact copies of an earlier valid row) and
 * {@value #EXISTING_PERCENT} % rows for contacts the CRM already has (seed them first with {@link
 * #existingContacts()}, which hold other values); the rest are new contacts. The same seed and size
 * give the same rows for any domain, so one file can be imported under {@code import.example} and
 * sent as webhooks under {@code webhook.example} without the two touching each other's contacts.
 *
 * <p>Every value is letters, digits, dashes and dots, so a row is one CSV record as written, with
 * no quoting.
 *
 * @param seed the seed the rows came from
 * @param domain the email domain of every row, e.g. {@code import.example}
 * @param rows the data rows in file order; the first is on line 2 (line 1 is the header)
 */
public record ProofRows(long seed, String domain, List<ProofRow> rows) {

  public static final int INVALID_PERCENT = 1;
  public static final int REPEATED_PERCENT = 2;
  public static final int EXISTING_PERCENT = 5;

  /** The columns, in file order: {@code email} is the key, the others contact properties. */
  public static final List<String> COLUMNS = List.of("email", "firstname", "lastname", "company");

  /** What an existing contact holds before the import; no row carries these values. */
  public static final Map<String, String> SEEDED_VALUES =
      Map.of("firstname", "Seeded", "lastname", "Before-import", "company", "Old-Co");

  private static final List<String> COMPANIES =
      List.of("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Tyrell");

  public ProofRows {
    rows = List.copyOf(rows);
  }

  /** What a row is for the proof. */
  public enum Kind {
    /** A contact the CRM does not have yet. */
    NEW,
    /** A contact the CRM already has, with the {@link #SEEDED_VALUES}. */
    EXISTING,
    /** An email no CRM accepts (no {@code @}, or nothing after it): refused before the lane. */
    INVALID_EMAIL,
    /** An exact copy of an earlier valid row: the same event. */
    REPEATED
  }

  /**
   * One data row.
   *
   * @param line its line number in the file (the header is line 1)
   * @param email the email cell as written
   * @param properties the other cells by column name
   * @param kind what it is
   * @param copyOfLine for a {@link Kind#REPEATED} row, the line it copies; 0 otherwise
   */
  public record ProofRow(
      int line, String email, Map<String, String> properties, Kind kind, int copyOfLine) {

    public ProofRow {
      properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Whether the row becomes an event (new, existing, or a copy of one). */
    public boolean valid() {
      return kind != Kind.INVALID_EMAIL;
    }

    /** The row as it stands in the CSV file (no line break). */
    public String csv() {
      List<String> cells = new ArrayList<>();
      cells.add(email);
      COLUMNS.stream().skip(1).map(properties::get).forEach(cells::add);
      return String.join(",", cells);
    }
  }

  /**
   * {@code size} rows from {@code seed}, every email under {@code domain}.
   *
   * @throws IllegalArgumentException when {@code size} is below 100 (1 % would be no row) or the
   *     domain is not a plain host name
   */
  public static ProofRows generate(long seed, int size, String domain) {
    if (size < 100) {
      throw new IllegalArgumentException("at least 100 rows, so 1 % is a row: " + size);
    }
    if (!domain.matches("[a-z0-9-]+(\\.[a-z0-9-]+)+")) {
      throw new IllegalArgumentException("a domain like import.example: " + domain);
    }
    Random random = new Random(seed);
    int invalid = share(size, INVALID_PERCENT);
    int repeated = share(size, REPEATED_PERCENT);
    int existing = share(size, EXISTING_PERCENT);
    List<Kind> kinds = new ArrayList<>();
    for (int i = 0; i < size - repeated; i++) {
      kinds.add(
          i < invalid ? Kind.INVALID_EMAIL : i < invalid + existing ? Kind.EXISTING : Kind.NEW);
    }
    Collections.shuffle(kinds, random);

    List<ProofRow> unique = new ArrayList<>();
    for (int i = 0; i < kinds.size(); i++) {
      unique.add(row(random, i, kinds.get(i), domain));
    }
    // Each copy goes after its original, anywhere later in the file.
    List<ProofRow> ordered = new ArrayList<>(unique);
    for (int r = 0; r < repeated; r++) {
      ProofRow original;
      do {
        original = unique.get(random.nextInt(unique.size()));
      } while (!original.valid());
      int after = ordered.indexOf(original);
      int at = after + 1 + random.nextInt(ordered.size() - after);
      ordered.add(at, new ProofRow(0, original.email(), original.properties(), Kind.REPEATED, 0));
    }
    List<ProofRow> numbered = new ArrayList<>();
    Map<String, Integer> firstLine = new LinkedHashMap<>();
    for (int i = 0; i < ordered.size(); i++) {
      ProofRow row = ordered.get(i);
      int line = i + 2;
      int copyOf = row.kind() == Kind.REPEATED ? firstLine.get(row.csv()) : 0;
      firstLine.putIfAbsent(row.csv(), line);
      numbered.add(new ProofRow(line, row.email(), row.properties(), row.kind(), copyOf));
    }
    return new ProofRows(seed, domain, numbered);
  }

  private static int share(int size, int percent) {
    return Math.max(1, Math.round(size * percent / 100f));
  }

  private static ProofRow row(Random random, int index, Kind kind, String domain) {
    String local = "row" + index;
    String email =
        switch (kind) {
          case INVALID_EMAIL -> random.nextBoolean() ? local + "." + domain : local + "@";
          default -> local + "@" + domain;
        };
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("firstname", "First" + Integer.toString(random.nextInt(1 << 20), 36));
    properties.put("lastname", "Last-" + index);
    properties.put("company", COMPANIES.get(random.nextInt(COMPANIES.size())));
    return new ProofRow(0, email, properties, kind, 0);
  }

  /** The file: the header and every row, each line ending in a line feed. */
  public String csv() {
    StringBuilder text = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    rows.forEach(row -> text.append(row.csv()).append('\n'));
    return text.toString();
  }

  /** The rows of one kind, in file order. */
  public List<ProofRow> ofKind(Kind kind) {
    return rows.stream().filter(row -> row.kind() == kind).toList();
  }

  /** The emails to create in the CRM before the import, each with the {@link #SEEDED_VALUES}. */
  public List<String> existingContacts() {
    return ofKind(Kind.EXISTING).stream().map(ProofRow::email).toList();
  }

  /**
   * What the CRM must hold after the rows are synced: per email of a valid row, lower-cased, the
   * row's values (a repeated row's are its original's).
   */
  public Map<String, Map<String, String>> expectedContacts() {
    return rows.stream()
        .filter(ProofRow::valid)
        .collect(
            Collectors.toMap(
                row -> row.email().toLowerCase(java.util.Locale.ROOT),
                ProofRow::properties,
                (first, copy) -> first,
                LinkedHashMap::new));
  }

  /** The line numbers of the invalid rows, ascending. */
  public List<Integer> invalidLines() {
    return ofKind(Kind.INVALID_EMAIL).stream().map(ProofRow::line).toList();
  }
}
