package dev.oncelane.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One fault-free sandbox per test class, emptied before each test. */
abstract class SharedSandboxTest {

  static SandboxServer server;
  static CrmClient crm;

  @BeforeAll
  static void start() {
    server = SandboxServer.start(SandboxOptions.defaults());
    crm = new CrmClient(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void clean() throws Exception {
    server.reset();
    // The tests' portal has two custom properties besides HubSpot's defaults.
    for (String name : new String[] {"custom_score", "custom_age"}) {
      crm.post(
          "/crm/v3/properties/contacts",
          "{\"name\":\""
              + name
              + "\",\"label\":\""
              + name
              + "\",\"type\":\"number\",\"fieldType\":\"number\","
              + "\"groupName\":\"contactinformation\"}");
    }
  }
}
