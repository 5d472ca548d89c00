package dev.oncelane.workers.bench.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.sandbox.contacts.PropertyValidator;
import dev.oncelane.workers.bench.imports.ProofRows.Kind;
import dev.oncelane.workers.bench.imports.ProofRows.ProofRow;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProofRowsTest {

  private final ProofRows rows = ProofRows.generate(13, 10_000, "import.example");

  @Test
  void tenThousandRowsHoldOnePercentInvalidTwoPercentRepeatedFivePercentExisting() {
    assertEquals(10_000, rows.rows().size());
    assertEquals(100, rows.ofKind(Kind.INVALID_EMAIL).size());
    assertEquals(200, rows.ofKind(Kind.REPEATED).size());
    assertEquals(500, rows.ofKind(Kind.EXISTING).size());
    assertEquals(500, rows.existingContacts().size());
  }

  @Test
  void rowsAreNumberedFromLineTwoInFileOrder() {
    for (int i = 0; i < rows.rows().size(); i++) {
      assertEquals(i + 2, rows.rows().get(i).line());
    }
    String[] lines = rows.csv().split("\n");
    assertEquals("email,firstname,lastname,company", lines[0]);
    assertEquals(10_001, lines.length);
    ProofRow row = rows.rows().get(41);
    assertEquals(row.csv(), lines[row.line() - 1]);
  }

  @Test
  void aRepeatedRowIsAnExactCopyOfAnEarlierValidRow() {
    for (ProofRow copy : rows.ofKind(Kind.REPEATED)) {
      assertTrue(copy.copyOfLine() > 0 && copy.copyOfLine() < copy.line(), copy.toString());
      ProofRow original = rows.rows().get(copy.copyOfLine() - 2);
      assertEquals(original.csv(), copy.csv());
      assertTrue(original.valid());
    }
  }

  @Test
  void everyRowButARepeatedOneHasItsOwnEmail() {
    Set<String> emails = new HashSet<>();
    for (ProofRow row : rows.rows()) {
      if (row.kind() != Kind.REPEATED) {
        assertTrue(emails.add(row.email()), row.email());
      }
    }
    assertEquals(10_000 - 200 - 100, rows.expectedContacts().size());
  }

  @Test
  void invalidEmailsAreRefusedByTheCrmsCheckAndTheOthersAccepted() {
    for (ProofRow row : rows.rows()) {
      assertEquals(row.valid(), PropertyValidator.isEmail(row.email()), row.email());
    }
    assertEquals(100, rows.invalidLines().size());
  }

  @Test
  void noRowCarriesTheValuesTheExistingContactsAreSeededWith() {
    for (ProofRow row : rows.rows()) {
      ProofRows.SEEDED_VALUES.forEach(
          (name, seeded) -> assertNotEquals(seeded, row.properties().get(name)));
    }
  }

  @Test
  void theSameSeedGivesTheSameRowsUnderAnyDomainAndAnotherSeedOtherRows() {
    ProofRows again = ProofRows.generate(13, 10_000, "import.example");
    assertEquals(rows.csv(), again.csv());
    ProofRows webhooks = ProofRows.generate(13, 10_000, "webhook.example");
    assertEquals(rows.csv().replace("import.example", "webhook.example"), webhooks.csv());
    assertNotEquals(rows.csv(), ProofRows.generate(14, 10_000, "import.example").csv());
  }

  @Test
  void noCellNeedsCsvQuoting() {
    assertFalse(rows.csv().contains("\""));
    for (ProofRow row : rows.rows()) {
      assertEquals(4, row.csv().split(",", -1).length, row.csv());
    }
  }

  @Test
  void aHundredRowsHoldOneInvalidTwoRepeatedFiveExistingAndFewerAreRefused() {
    ProofRows hundred = ProofRows.generate(1, 100, "a.example");
    assertEquals(1, hundred.ofKind(Kind.INVALID_EMAIL).size());
    assertEquals(2, hundred.ofKind(Kind.REPEATED).size());
    assertEquals(5, hundred.ofKind(Kind.EXISTING).size());
    assertThrows(IllegalArgumentException.class, () -> ProofRows.generate(1, 99, "a.example"));
  }
}
