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
  void clean() {
    server.reset();
  }
}
