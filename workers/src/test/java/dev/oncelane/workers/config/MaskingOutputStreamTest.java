package dev.oncelane.workers.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MaskingOutputStreamTest {

  @Test
  void logLinesAndStackTracesLoseTheirCredentials() {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream out = MaskingOutputStream.around(new PrintStream(sink, true));

    out.println("[main] INFO ledger at jdbc:postgresql://db/x?user=ol&Password=hunter2");
    new IllegalStateException("cannot reach postgresql://ol:hunter2@db:5432/x")
        .printStackTrace(out);
    out.print("no newline yet: ?sslpassword=hunter2");
    out.flush();

    String text = sink.toString(StandardCharsets.UTF_8);
    assertEquals(-1, text.indexOf("hunter2"), text);
    assertEquals(
        true,
        text.startsWith("[main] INFO ledger at jdbc:postgresql://db/x?user=ol&Password=****"));
  }
}
