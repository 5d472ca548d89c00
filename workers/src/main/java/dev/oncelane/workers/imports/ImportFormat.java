package dev.oncelane.workers.imports;

import java.nio.file.Path;
import java.util.Locale;

/** The file formats {@code oncelane import} reads, told apart by the file name's extension. */
public enum ImportFormat {
  /** RFC 4180 CSV with a header row, UTF-8: {@code .csv}. */
  CSV("csv"),
  /** One JSON object per line (JSON Lines), UTF-8: {@code .jsonl} or {@code .ndjson}. */
  JSONL("jsonl");

  private final String extension;

  ImportFormat(String extension) {
    this.extension = extension;
  }

  /**
   * The format of {@code file}, by its extension (case-insensitive).
   *
   * @throws IllegalArgumentException for any other extension, naming the ones read
   */
  public static ImportFormat of(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return CSV;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return JSONL;
    }
    throw new IllegalArgumentException(
        file.getFileName() + ": oncelane import reads .csv (with a header row) or .jsonl files");
  }

  /** A file name without its extension: {@code trade-show.csv} → {@code trade-show}. */
  public static String baseName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }

  /**
   * Where the result file of an import of {@code fileName} goes by default, in {@code directory}:
   * {@code trade-show.csv} → {@code trade-show.result.csv}.
   */
  public Path resultFile(Path directory, String fileName) {
    return directory.resolve(baseName(fileName) + ".result." + extension);
  }
}
