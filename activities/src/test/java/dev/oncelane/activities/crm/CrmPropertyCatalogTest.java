package dev.oncelane.activities.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.oncelane.activities.hubspot.HubSpotClient;
import dev.oncelane.activities.hubspot.HubSpotConfig;
import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.sandbox.SandboxServer;
import dev.oncelane.sandbox.contacts.PropertyDefinition;
import dev.oncelane.workflows.crm.CrmContact;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Writes carry only what the CRM's property catalog has and can write; against the sandbox. */
class CrmPropertyCatalogTest {

  private static final String TOKEN = "pat-na1-sandbox-secret-4242";

  private static SandboxServer sandbox;

  private final List<String> dropped = new CopyOnWriteArrayList<>();
  private HubSpotClient client;
  private CrmActivitiesImpl crm;

  @BeforeAll
  static void startSandbox() {
    sandbox =
        SandboxServer.start(new SandboxOptions("127.0.0.1", 0, TOKEN, 7L, FaultConfig.none()));
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  @BeforeEach
  void connect() {
    sandbox.reset();
    client = new HubSpotClient(HubSpotConfig.of(sandbox.baseUrl(), TOKEN));
    crm =
        new CrmActivitiesImpl(
            client,
            () -> 1,
            new ContactPropertyCatalog(
                client::listContactProperties, Clock.systemUTC(), Duration.ofMinutes(10)),
            dropped::add);
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  private static long calls(String endpoint) {
    return sandbox.stats().getOrDefault(endpoint, Map.of()).values().stream()
        .mapToLong(Long::longValue)
        .sum();
  }

  private static PropertyDefinition custom(String name) {
    return new PropertyDefinition(
        name, name, "string", "text", "contactinformation", false, false, false, false, List.of());
  }

  @Test
  void anUnknownPropertyIsDroppedNamedAndCountedAndTheContactIsStillCreated() {
    CrmContact created =
        crm.create(
            Map.of(
                "email", "ann@example.com",
                "firstname", "Ann",
                "01HXYZ9GENERATEDREF", "blue",
                "hs_object_id", "7"));

    assertEquals(List.of("01HXYZ9GENERATEDREF", "hs_object_id"), created.droppedProperties());
    assertEquals(
        "; dropped properties the CRM lacks or cannot write: 01HXYZ9GENERATEDREF, hs_object_id",
        created.droppedNote());
    assertEquals(List.of("01HXYZ9GENERATEDREF", "hs_object_id"), dropped);
    assertEquals(1, sandbox.contactCount("ann@example.com"));
    assertEquals("Ann", crm.findByEmail("ann@example.com").properties().get("firstname"));
  }

  @Test
  void anUpdateWithOnlyUnknownPropertiesWritesNothingAndSaysSo() {
    CrmContact created = crm.create(Map.of("email", "bob@example.com"));
    long patchesBefore = calls("PATCH /crm/v3/objects/contacts/{contactId}");

    CrmContact updated = crm.update(created.id(), Map.of("favourite_colour", "red"));

    assertEquals(created.id(), updated.id());
    assertEquals(List.of("favourite_colour"), updated.droppedProperties());
    assertEquals(patchesBefore, calls("PATCH /crm/v3/objects/contacts/{contactId}"));
  }

  @Test
  void nothingIsDroppedWhenTheCrmHasEveryProperty() {
    sandbox.properties().create(custom("favourite_colour"));

    CrmContact created = crm.create(Map.of("email", "cy@example.com", "favourite_colour", "green"));

    assertNull(created.droppedProperties());
    assertEquals("", created.droppedNote());
  }

  @Test
  void aPropertyDeletedAfterTheCatalogWasReadIsDroppedAfterReReadingIt() {
    sandbox.properties().create(custom("favourite_colour"));
    crm.create(Map.of("email", "dee@example.com", "favourite_colour", "green"));
    sandbox.reset(); // the portal loses its custom property; the cached catalog still has it

    CrmContact created = crm.create(Map.of("email", "eve@example.com", "favourite_colour", "red"));

    assertEquals(List.of("favourite_colour"), created.droppedProperties());
    assertEquals(1, sandbox.contactCount("eve@example.com"));
    assertEquals(
        1L,
        calls("GET /crm/v3/properties/contacts"),
        "read again after PROPERTY_DOESNT_EXIST (the reset cleared the count of the first read)");
  }
}
