package dev.oncelane.workers.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.relay.sources.Preset;
import dev.oncelane.relay.sources.SourceConfig;
import dev.oncelane.workers.commands.ConfigCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OncelaneConfigTest {

  private static Path resource(String name) {
    try {
      return Path.of(OncelaneConfigTest.class.getResource("/config/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aBrokenFileListsEveryProblemWithItsLine() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                OncelaneConfig.load(
                    resource("broken.yaml"), Map.of("ONCELANE_REVIEW_TIMEOUT", "soon")));

    String all = e.getMessage();
    assertEquals(
        java.util.Set.of(
            "broken.yaml:5",
            "broken.yaml:6",
            "broken.yaml:7",
            "broken.yaml:12",
            "broken.yaml:15",
            "broken.yaml:17",
            "broken.yaml:18",
            "broken.yaml:19",
            "environment"),
        e.problems().stream().map(ConfigProblem::where).collect(Collectors.toSet()),
        all);
    assertTrue(all.contains("preset 'standard-webhook' is not one of"), all);
    assertTrue(all.contains("signature none accepts forged writes"), all);
    assertTrue(all.contains("'customer.[email' is not a JMESPath expression"), all);
    assertTrue(all.contains("a second source is named typeform"), all);
    assertTrue(all.contains("unknown source setting 'colour'"), all);
    assertTrue(all.contains("name is required"), all);
    assertTrue(all.contains("ONCELANE_REVIEW_TIMEOUT"), all);
  }

  @Test
  void aFileDeclaresTypeformStandardWebhooksGenericAndExpressionSources() {
    OncelaneConfig config =
        OncelaneConfig.load(
            resource("senders.yaml"),
            Map.of(
                "SIGNUP_TYPEFORM_SECRET", "tf",
                "BILLING_WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "SHOP_UNSIGNED", "true"));

    List<SourceConfig> sources = config.relay().effectiveSources();
    assertEquals(
        List.of("signup", "billing", "internal", "shop"),
        sources.stream().map(SourceConfig::name).toList());
    assertEquals(Preset.TYPEFORM, sources.get(0).preset());
    assertEquals(
        Map.of("readable_ref_short_text", "firstname", "readable_ref_email", ""),
        sources.get(0).fields());
    assertEquals(List.of("contact.*"), sources.get(1).events());
    assertTrue(sources.get(3).unsigned(), "SHOP_UNSIGNED opts the shop source in");
    assertEquals("customer.emails[0]", sources.get(3).expressions().email());
  }

  @Test
  void withoutAFileTheThreeDefaultSourcesRunAndSecretsAreNeverPrinted() {
    OncelaneConfig config =
        OncelaneConfig.load(
            null,
            Map.of(
                "TYPEFORM_SECRET", "tf-secret-value",
                "ONCELANE_LEDGER_URL",
                    "jdbc:postgresql://db:5432/oncelane?sslpassword=keyphrase&password=pw-in-url",
                "ONCELANE_LEDGER_PASSWORD", "pw-in-env",
                "HUBSPOT_TOKEN", "pat-na1-token-value"));
    StringWriter text = new StringWriter();

    ConfigCommand.print(config, new PrintWriter(text, true));

    String shown = text.toString();
    assertEquals(
        "typeform,generic,standard-webhooks",
        config.relay().effectiveSources().stream()
            .map(SourceConfig::name)
            .collect(Collectors.joining(",")));
    for (String secret :
        List.of("tf-secret-value", "keyphrase", "pw-in-url", "pw-in-env", "pat-na1-token-value")) {
      assertFalse(shown.contains(secret), secret + " printed:\n" + shown);
    }
    assertTrue(shown.contains("sslpassword=****&password=****"), shown);
    assertTrue(shown.contains("POST /webhooks/standard-webhooks"), shown);
  }

  @Test
  void aFileThatDeclaresNoSourcesIsRefusedInsteadOfFallingBackToTheUnsignedDefaults(
      @TempDir Path dir) throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.yaml"), "# nothing yet\n");
    Path noSources = Files.writeString(dir.resolve("none.yaml"), "sources: []\n");

    ConfigException emptyFile =
        assertThrows(ConfigException.class, () -> OncelaneConfig.load(empty, Map.of()));
    ConfigException emptyList =
        assertThrows(ConfigException.class, () -> OncelaneConfig.load(noSources, Map.of()));

    assertEquals(
        List.of("empty.yaml:1"),
        emptyFile.problems().stream().map(ConfigProblem::where).toList(),
        emptyFile.getMessage());
    assertTrue(emptyFile.getMessage().contains("declares no sources"), emptyFile.getMessage());
    assertEquals(
        List.of("none.yaml:1"),
        emptyList.problems().stream().map(ConfigProblem::where).toList(),
        emptyList.getMessage());
    assertTrue(emptyList.getMessage().contains("declares no sources"), emptyList.getMessage());
  }

  @Test
  void theRelayIsRefusedBeyondLoopbackWhenASourceHasNoSecretAndNoOptIn() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                OncelaneConfig.load(
                    null,
                    Map.of(
                        "ONCELANE_RELAY_HOST",
                        "0.0.0.0",
                        "WEBHOOK_SECRET",
                        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")));

    assertEquals(1, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("TYPEFORM_UNSIGNED=true"), e.getMessage());
  }
}
