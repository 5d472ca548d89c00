package dev.oncelane.workers.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.workers.OncelaneCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConfigAndSourcesCommandsTest {

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = OncelaneCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static String resource(String name) {
    try {
      return Path.of(ConfigAndSourcesCommandsTest.class.getResource(name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void configCheckListsEveryProblemOfABrokenFileAndExitsTwo() {
    Run run = run("config", "check", "--config", resource("/config/broken.yaml"));

    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().contains("the configuration has 8 problem(s)"), run.err());
    assertTrue(run.err().contains("broken.yaml:12: email: 'customer.[email'"), run.err());
  }

  @Test
  void sourcesTryPrintsTheEventTheSpecsPayloadBecomes() {
    Run run =
        run(
            "sources",
            "try",
            "standard-webhooks",
            resource("/config/standard-webhooks-example.json"),
            "-H",
            "webhook-id=msg_2KWPBgLlAfxdpx2AI54pPJ85f4W");

    assertEquals(0, run.exitCode(), run.toString());
    String out = run.out();
    assertTrue(
        out.contains("would start workflow standard-webhooks:msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"),
        out);
    assertTrue(out.contains("email       john.smith@example.com"), out);
    assertTrue(out.contains("time        2022-11-03T20:26:10.344522Z"), out);
    assertTrue(out.contains("fullName                 John Smith"), out);
    assertTrue(out.contains("data.tags: an object or array, not a property value"), out);
  }

  @Test
  void sourcesTrySaysWhatIsIgnoredAndWhatIsRefused() {
    Run partial = run("sources", "try", "typeform", resource("/config/typeform-partial.json"));
    Run noKey =
        run(
            "sources",
            "try",
            "standard-webhooks",
            resource("/config/standard-webhooks-example.json"));

    assertEquals(0, partial.exitCode(), partial.toString());
    assertTrue(
        partial.out().contains("acknowledged and ignored (200): event_type form_response_partial"),
        partial.out());
    assertEquals(1, noKey.exitCode(), noKey.toString());
    assertTrue(noKey.out().contains("refused (400 missing_key)"), noKey.out());
  }
}
