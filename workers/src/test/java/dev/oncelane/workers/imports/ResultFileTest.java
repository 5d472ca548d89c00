package dev.oncelane.workers.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.activities.imports.ImportRow;
import dev.oncelane.activities.imports.UnfinishedRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFileTest {

  @TempDir Path dir;

  private static final ImportFileOptions OPTIONS =
      ImportFileOptions.submittedAt(1_700_000_000_000L)
          .withFileTime(Instant.parse("2026-11-30T10:00:00Z"));

  /** What the ledger would list: invalid rows as such, the valid ones as failed by the CRM. */
  private static List<UnfinishedRow> unfinished(ImportFile read) {
    return read.rows().stream()
        .map(
            r ->
                r.isValid()
                    ? new UnfinishedRow(
                        r.line(),
                        r.processingId(),
                        "failed",
                        "validation_error",
                        "Property values were not valid",
                        r.raw())
                    : new UnfinishedRow(r.line(), null, "invalid", r.problem(), null, r.raw()))
        .toList();
  }

  private static ImportRow line(ImportFile file, int line) {
    return file.rows().stream().filter(r -> r.line() == line).findFirst().orElseThrow();
  }

  @Test
  void aCsvResultFileListsEachRowWithItsLineAndStatusAndImportsAgainAsTheSameRows()
      throws IOException {
    Path input = dir.resolve("fair.csv");
    Files.writeString(
        input,
        "email,firstname,notes\n"
            + "ada@example.com,Ada,\"two\nlines, quoted \"\"x\"\"\"\n"
            + "bob@,Bob,\n"
            + "cy@example.com,Cy\n",
        StandardCharsets.UTF_8);
    ImportFile read = ImportFile.read(input, OPTIONS);
    Path result = ImportFormat.CSV.resultFile(dir, "fair.csv");

    ResultFile.write(result, ImportFormat.CSV, unfinished(read));

    assertEquals(dir.resolve("fair.result.csv"), result);
    String text = Files.readString(result);
    assertTrue(
        text.startsWith(
            "oncelane_line,oncelane_status,oncelane_reason,oncelane_message,email,firstname,notes\r\n"
                + "2,failed,validation_error,Property values were not valid,ada@example.com,Ada,"),
        text);
    assertTrue(text.contains("\r\n4,invalid,bad email 'bob@',,bob@,Bob,\r\n"), text);
    assertTrue(
        text.contains(
            "\r\n5,invalid,\"wrong column count: 2 values, the header has 3 columns\",,cy@example.com,Cy\r\n"),
        text);

    ImportFile again = ImportFile.read(result, OPTIONS.withName("fair"));
    assertEquals(3, again.rows().size());
    assertEquals(line(read, 2).event(), withAcceptedAt(line(again, 2), line(read, 2)));
    assertEquals("bad email 'bob@'", line(again, 4).problem());
    assertTrue(line(again, 5).problem().startsWith("wrong column count"));
  }

  private static Object withAcceptedAt(ImportRow row, ImportRow like) {
    return row.event().withAcceptedAt(like.event().acceptedAt());
  }

  @Test
  void aResultFileImportedAndFailingAgainGetsFreshResultColumns() throws IOException {
    Path input = dir.resolve("fair.result.csv");
    Files.writeString(
        input,
        "oncelane_line,oncelane_status,oncelane_reason,oncelane_message,email,firstname\n"
            + "9,invalid,no email,,bob@,Bob\n",
        StandardCharsets.UTF_8);
    ImportFile read = ImportFile.read(input, OPTIONS);
    Path result = dir.resolve("again.csv");

    ResultFile.write(result, ImportFormat.CSV, unfinished(read));

    assertEquals(
        "oncelane_line,oncelane_status,oncelane_reason,oncelane_message,email,firstname\r\n"
            + "2,invalid,bad email 'bob@',,bob@,Bob\r\n",
        Files.readString(result));
  }

  @Test
  void aJsonlResultFileKeepsEachObjectAndALineThatWasNotJsonAsText() throws IOException {
    Path input = dir.resolve("fair.jsonl");
    Files.writeString(
        input,
        "{\"email\":\"ada@example.com\",\"firstname\":\"Ada\",\"score\":3}\n"
            + "{\"email\":\"bob@\"}\n"
            + "{not json\n",
        StandardCharsets.UTF_8);
    ImportFile read = ImportFile.read(input, OPTIONS);
    Path result = ImportFormat.JSONL.resultFile(dir, "fair.jsonl");

    ResultFile.write(result, ImportFormat.JSONL, unfinished(read));

    List<String> lines = Files.readAllLines(result);
    assertEquals(
        "{\"oncelane_line\":\"1\",\"oncelane_status\":\"failed\",\"oncelane_reason\":\"validation_error\","
            + "\"oncelane_message\":\"Property values were not valid\",\"email\":\"ada@example.com\","
            + "\"firstname\":\"Ada\",\"score\":3}",
        lines.get(0));
    assertTrue(lines.get(2).contains("\"oncelane_raw\":\"{not json\""), lines.get(2));

    ImportFile again = ImportFile.read(result, OPTIONS.withName("fair"));
    assertEquals(line(read, 1).processingId(), line(again, 1).processingId());
    assertEquals(Map.of("firstname", "Ada", "score", "3"), line(again, 1).event().properties());
    assertEquals("bad email 'bob@'", line(again, 2).problem());
    assertEquals("no email", line(again, 3).problem());
  }
}
