package dev.oncelane.workers.bench.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContactAuditTest {

  private final ProofRows rows = ProofRows.generate(5, 100, "import.example");

  @Test
  void everyValidRowWrittenOnceWithItsValuesPasses() {
    ContactAudit audit = ContactAudit.of(rows, crmHoldingEveryRow());
    assertEquals(100 - 1 - 2, audit.expected());
    assertEquals(audit.expected(), audit.presentOnce());
    assertTrue(audit.ok(), audit.toString());
  }

  @Test
  void anExistingContactStillHoldingItsSeededValuesIsMissing() {
    List<Map<String, Object>> crm = crmHoldingEveryRow();
    String existing = rows.existingContacts().get(0);
    crm.removeIf(contact -> email(contact).equals(existing));
    crm.add(contact(existing, ProofRows.SEEDED_VALUES));
    ContactAudit audit = ContactAudit.of(rows, crm);
    assertEquals(audit.expected() - 1, audit.presentOnce());
    assertFalse(audit.ok());
  }

  @Test
  void aSecondContactForAnEmailIsADuplicateAndTheEmailNotPresentOnce() {
    List<Map<String, Object>> crm = crmHoldingEveryRow();
    crm.add(crm.get(0));
    ContactAudit audit = ContactAudit.of(rows, crm);
    assertEquals(1, audit.duplicated());
    assertEquals(audit.expected() - 1, audit.presentOnce());
    assertFalse(audit.ok());
  }

  @Test
  void contactsOfAnotherDomainAreNotCounted() {
    List<Map<String, Object>> crm = crmHoldingEveryRow();
    crm.add(contact("row1@webhook.example", Map.of()));
    crm.add(contact("row1@webhook.example", Map.of()));
    assertTrue(ContactAudit.of(rows, crm).ok());
  }

  private List<Map<String, Object>> crmHoldingEveryRow() {
    List<Map<String, Object>> crm = new ArrayList<>();
    rows.expectedContacts().forEach((email, values) -> crm.add(contact(email, values)));
    return crm;
  }

  private static Map<String, Object> contact(String email, Map<String, String> values) {
    Map<String, Object> properties = new HashMap<>(values);
    properties.put("email", email);
    return Map.of("id", "1", "properties", properties);
  }

  @SuppressWarnings("unchecked")
  private static String email(Map<String, Object> contact) {
    return (String) ((Map<String, Object>) contact.get("properties")).get("email");
  }
}
