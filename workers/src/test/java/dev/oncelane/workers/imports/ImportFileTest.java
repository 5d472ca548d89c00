package dev.oncelane.workers.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.activities.imports.ImportRow;
import dev.oncelane.relay.signatures.SignatureScheme;
import dev.oncelane.relay.sources.CanonicalPayload;
import dev.oncelane.relay.sources.Preset;
import dev.oncelane.relay.sources.SourceConfig;
import dev.oncelane.workflows.sync.ContactEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportFileTest {

  private static final long SUBMITTED = 1_700_000_000_000L;
  private static final Instant FILE_TIME = Instant.parse("2026-11-30T10:00:00Z");

  @TempDir Path dir;

  private Path file(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, FileTime.from(FILE_TIME));
    return file;
  }

  private static ImportFileOptions options() {
    return ImportFileOptions.submittedAt(SUBMITTED);
  }

  private static ImportRow line(ImportFile file, int line) {
    return file.rows().stream().filter(r -> r.line() == line).findFirst().orElseThrow();
  }

  @Test
  void aRowWithABadEmailIsInvalidWithItsLineAndTheRowsAfterItAreRead() throws IOException {
    ImportFile read =
        ImportFile.read(
            file("list.csv", "email,firstname\nada@example.com,Ada\nbob@,Bob\ncy@example.com,Cy\n"),
            options());

    assertEquals(3, read.rows().size());
    assertEquals("bad email 'bob@'", line(read, 3).problem());
    assertTrue(line(read, 2).isValid());
    assertTrue(line(read, 4).isValid());
    assertEquals(1, read.manifest("alice").invalidRows());
  }

  @Test
  void aRowWithoutAnEmailIsInvalid() throws IOException {
    ImportFile read =
        ImportFile.read(file("list.csv", "email,firstname\n,Ada\n  ,Bob\n"), options());

    assertEquals("no email", line(read, 2).problem());
    assertEquals("no email", line(read, 3).problem());
  }

  @Test
  void aRowWithTheWrongColumnCountIsInvalidAndKeepsItsValues() throws IOException {
    ImportFile read =
        ImportFile.read(
            file("list.csv", "email,firstname\nada@example.com,Ada,extra\nbob@example.com\n"),
            options());

    assertEquals("wrong column count: 3 values, the header has 2 columns", line(read, 2).problem());
    assertEquals("wrong column count: 1 values, the header has 2 columns", line(read, 3).problem());
    assertTrue(line(read, 2).raw().endsWith("ada@example.com,Ada,extra"), line(read, 2).raw());
  }

  @Test
  void aQuotedValueSpanningLinesIsOneRowReportedAtItsFirstLine() throws IOException {
    ImportFile read =
        ImportFile.read(
            file(
                "list.csv",
                "email,notes\n"
                    + "ada@example.com,\"first line\nsecond, with a comma\nthird \"\"quoted\"\"\"\n"
                    + "bob@,plain\n"),
            options());

    assertEquals(2, read.rows().size());
    assertEquals(
        "first line\nsecond, with a comma\nthird \"quoted\"",
        line(read, 2).event().properties().get("notes"));
    assertEquals("bad email 'bob@'", line(read, 5).problem());
  }

  @Test
  void aJsonlLineThatIsNotJsonIsInvalidAndTheLinesAfterItAreRead() throws IOException {
    ImportFile read =
        ImportFile.read(
            file(
                "list.jsonl",
                "{\"email\":\"ada@example.com\",\"firstname\":\"Ada\",\"age\":36}\n"
                    + "{\"email\":\"bob@example.com\",\n"
                    + "\n"
                    + "[1,2]\n"
                    + "{\"email\":\"cy@example.com\",\"tags\":[\"a\"]}\n"
                    + "{\"email\":\"dee@example.com\",\"vip\":true,\"phone\":null}\n"),
            options());

    assertEquals(5, read.rows().size());
    assertEquals(Map.of("firstname", "Ada", "age", "36"), line(read, 1).event().properties());
    assertTrue(line(read, 2).problem().startsWith("not valid JSON"), line(read, 2).problem());
    assertEquals("not a JSON object", line(read, 4).problem());
    assertTrue(line(read, 5).problem().startsWith("tags is an object or array"));
    assertEquals(Map.of("vip", "true"), line(read, 6).event().properties());
    assertEquals("{\"email\":\"bob@example.com\",", line(read, 2).raw());
  }

  @Test
  void aRepeatedRowIsTheSameEventAndCountedAsRepeated() throws IOException {
    ImportFile read =
        ImportFile.read(
            file(
                "list.csv",
                "email,firstname\nada@example.com,Ada\nbob@example.com,Bob\nADA@example.com ,Ada\n"),
            options());

    assertEquals(line(read, 2).processingId(), line(read, 4).processingId());
    assertNotEquals(line(read, 2).processingId(), line(read, 3).processingId());
    assertEquals(1, read.duplicateRows());
    assertEquals(2, read.events());
  }

  @Test
  void theSameRowsUnderTheSameNameAreTheSameEventsAndUnderAnotherNameOthers() throws IOException {
    String text = "email,firstname\nada@example.com,Ada\n";
    ImportFile first = ImportFile.read(file("a.csv", text), options().withName("fair"));
    ImportFile again = ImportFile.read(file("b.csv", text), options().withName("fair"));
    ImportFile other = ImportFile.read(file("c.csv", text), options().withName("other"));

    assertEquals(line(first, 2).processingId(), line(again, 2).processingId());
    assertNotEquals(line(first, 2).processingId(), line(other, 2).processingId());
    assertTrue(line(first, 2).processingId().matches("import:[0-9a-f]{32}"));
  }

  @Test
  void aRowKeyIsTheHashOfTheNameAndTheEventsCanonicalJsonAndItsPayloadHashTheRelays()
      throws IOException {
    ImportFile read =
        ImportFile.read(file("fair.csv", "email,firstname\nada@example.com,Ada\n"), options());

    ContactEvent event = line(read, 2).event();
    assertEquals("import", event.source());
    assertEquals(
        "import:" + ImportFile.hashKey("fair", CanonicalPayload.canonicalJson(event)),
        event.processingId());
    assertEquals(CanonicalPayload.hash(event), event.payloadHash());
  }

  @Test
  void theImportIdIsTheNameAndTheFilesHash() throws IOException {
    ImportFile read =
        ImportFile.read(file("Trade Show.csv", "email\nada@example.com\n"), options());

    assertEquals("Trade-Show", read.name());
    assertTrue(read.importId().matches("Trade-Show-[0-9a-f]{12}"), read.importId());
    assertEquals(read.fileSha256().substring(0, 12), read.importId().substring(11));
  }

  @Test
  void theKeyColumnIsTheRowsKeyAndNotAProperty() throws IOException {
    ImportFile read =
        ImportFile.read(
            file(
                "list.csv",
                "id,email,firstname\nc-1,ada@example.com,Ada\n,bob@example.com,Bob\n"
                    + "c-1,ada@example.com,Ada\nc-1,cy@example.com,Cy\n"),
            options().withKeyColumn("id"));

    assertEquals("import:c-1", line(read, 2).processingId());
    assertEquals(Map.of("firstname", "Ada"), line(read, 2).event().properties());
    assertTrue(line(read, 3).problem().contains("column id is empty"), line(read, 3).problem());
    assertTrue(line(read, 4).isValid());
    assertEquals(1, read.duplicateRows());
    assertTrue(line(read, 5).problem().contains("line 2's, with other values"));
  }

  @Test
  void aKeyColumnTheFileLacksRefusesTheImport() throws IOException {
    Path file = file("list.csv", "email\nada@example.com\n");

    ImportRefused refused =
        assertThrows(
            ImportRefused.class, () -> ImportFile.read(file, options().withKeyColumn("id")));
    assertTrue(refused.getMessage().contains("no column 'id'"), refused.getMessage());
  }

  @Test
  void theTimeColumnIsTheEventTimeAndABadTimeMakesTheRowInvalid() throws IOException {
    ImportFile read =
        ImportFile.read(
            file(
                "list.csv",
                "email,at\nada@example.com,2026-01-31T12:00:00+01:00\nbob@example.com,1769860800000\n"
                    + "cy@example.com,yesterday\ndee@example.com,\n"),
            options().withTimeColumn("at"));

    assertEquals("2026-01-31T12:00:00+01:00", line(read, 2).event().occurredAt());
    assertEquals(Map.of(), line(read, 2).event().properties());
    assertEquals("2026-01-31T12:00:00Z", line(read, 3).event().occurredAt());
    assertTrue(line(read, 4).problem().startsWith("bad event time 'yesterday'"));
    assertEquals("no event time in column at", line(read, 5).problem());
  }

  @Test
  void withoutATimeColumnTheEventTimeIsTheFilesOwn() throws IOException {
    Path file = file("list.csv", "email\nada@example.com\n");

    assertEquals(
        FILE_TIME.toString(), line(ImportFile.read(file, options()), 2).event().occurredAt());
    Instant given = Instant.parse("2025-05-05T05:05:05Z");
    assertEquals(
        given.toString(),
        line(ImportFile.read(file, options().withFileTime(given)), 2).event().occurredAt());
  }

  @Test
  void acceptedAtIsTheSubmitTimePlusTheRowsLineNumber() throws IOException {
    ImportFile read =
        ImportFile.read(file("list.csv", "email\nada@example.com\n\nbob@example.com\n"), options());

    assertEquals(SUBMITTED + 2, line(read, 2).event().acceptedAt());
    assertEquals(SUBMITTED + 4, line(read, 4).event().acceptedAt());
  }

  @Test
  void blankCellsAreSkippedAndResultColumnsAreIgnored() throws IOException {
    ImportFile read =
        ImportFile.read(
            file(
                "list.result.csv",
                "oncelane_line,oncelane_status,oncelane_reason,oncelane_message,email,firstname,city\n"
                    + "7,failed,validation_error,bad,ada@example.com,Ada,\n"),
            options().withName("list"));
    ImportFile plain =
        ImportFile.read(file("list.csv", "email,firstname\nada@example.com,Ada\n"), options());

    assertEquals(Map.of("firstname", "Ada"), line(read, 2).event().properties());
    assertEquals(line(plain, 2).processingId(), line(read, 2).processingId());
  }

  @Test
  void anExpressionsSourcesMappingIsAppliedToEachRow() throws IOException {
    SourceConfig shop =
        SourceConfig.builder("shop", Preset.EXPRESSIONS)
            .signature(SignatureScheme.STANDARD_WEBHOOKS)
            .events(List.of("order.paid"))
            .expressions(
                new SourceConfig.Expressions(
                    "order_id",
                    null,
                    "customer_email",
                    "paid_at",
                    "kind",
                    Map.of("firstname", "first", "lifecyclestage", "'customer'")))
            .build();
    ImportFile read =
        ImportFile.read(
            file(
                "orders.jsonl",
                "{\"order_id\":\"o-1\",\"kind\":\"order.paid\",\"customer_email\":\"ada@example.com\","
                    + "\"first\":\"Ada\",\"paid_at\":\"2026-02-01T00:00:00Z\"}\n"
                    + "{\"order_id\":\"o-2\",\"kind\":\"order.refunded\",\"customer_email\":\"b@example.com\"}\n"
                    + "{\"order_id\":\"o-3\",\"kind\":\"order.paid\"}\n"),
            options().withSource(shop));

    ContactEvent event = line(read, 1).event();
    assertEquals("import:o-1", event.processingId());
    assertEquals("ada@example.com", event.email());
    assertEquals(Map.of("firstname", "Ada", "lifecyclestage", "customer"), event.properties());
    assertEquals("2026-02-01T00:00:00Z", event.occurredAt());
    assertTrue(line(read, 2).problem().contains("order.refunded is not synced"));
    assertTrue(line(read, 3).problem().contains("found no email"), line(read, 3).problem());
  }

  @Test
  void aStandardWebhooksSourceRenamesColumnsAndKeysRowsByTheirHash() throws IOException {
    SourceConfig billing =
        SourceConfig.builder("billing", Preset.STANDARD_WEBHOOKS)
            .fields(Map.of("first_name", "firstname", "internal", ""))
            .build();
    ImportFile read =
        ImportFile.read(
            file("billing.csv", "email,first_name,internal\nada@example.com,Ada,x\n"),
            options().withSource(billing));

    ContactEvent event = line(read, 2).event();
    assertEquals(Map.of("firstname", "Ada"), event.properties());
    assertTrue(event.processingId().matches("import:[0-9a-f]{32}"), event.processingId());
  }

  @Test
  void aTypeformSourceIsRefusedForAFile() throws IOException {
    Path file = file("list.csv", "email\nada@example.com\n");
    SourceConfig typeform = SourceConfig.builder("typeform", Preset.TYPEFORM).build();

    ImportRefused refused =
        assertThrows(
            ImportRefused.class, () -> ImportFile.read(file, options().withSource(typeform)));
    assertTrue(refused.getMessage().contains("not flat rows"), refused.getMessage());
  }

  @Test
  void aHeaderNamingAColumnTwiceRefusesTheImport() throws IOException {
    Path file = file("list.csv", "email,name,name\nada@example.com,a,b\n");

    assertThrows(ImportRefused.class, () -> ImportFile.read(file, options()));
  }

  @Test
  void anInvalidRowHasNoEvent() throws IOException {
    ImportFile read = ImportFile.read(file("list.csv", "email\nbob@\n"), options());

    assertNull(line(read, 2).event());
    assertNull(line(read, 2).processingId());
  }
}
