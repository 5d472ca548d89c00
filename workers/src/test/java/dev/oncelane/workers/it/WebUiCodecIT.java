package dev.oncelane.workers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.workers.codec.AesGcmPayloadCodec;
import dev.oncelane.workers.codec.CodecKeys;
import dev.oncelane.workers.codec.CodecServer;
import dev.oncelane.workers.codec.CodecServerConfig;
import dev.oncelane.workers.codec.PayloadEncryption;
import dev.oncelane.workflows.ledger.SyncStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * An operator reads an encrypted event in the real Temporal Web UI: with the dev server's UI
 * pointed at the codec server ({@code --ui-codec-endpoint}), the event's history page shows the
 * decrypted input, email included; once the codec server is gone, the same page shows only
 * ciphertext. Screenshots land in {@code target/webui-screenshots/codec-*}.
 */
class WebUiCodecIT extends RealServerTest {

  private static final String EMAIL = "ui.reader@example.com";
  private static final String TOKEN = "webui-codec-it-token-0123456789";
  private static final Duration SETTLES = Duration.ofSeconds(90);

  @Test
  void theHistoryPageShowsTheDecryptedEmailThroughTheCodecServerAndCiphertextWithoutIt()
      throws Exception {
    HeadlessChromium chromium = HeadlessChromium.installedOrSkip();
    CodecKeys keys = CodecKeys.parse("ui-key:" + CodecKeys.generateKey(), "ui-key");
    int uiPort = RealTemporal.freePort();
    CodecServer codecServer =
        CodecServer.start(
            new CodecServerConfig("127.0.0.1", 0, TOKEN, List.of("http://127.0.0.1:" + uiPort)),
            new AesGcmPayloadCodec(keys));
    Path screenshots = screenshotDir();
    try {
      String codecEndpoint = "http://127.0.0.1:" + codecServer.port() + "/" + TOKEN;
      temporal =
          dev.oncelane.workers.temporal.TemporalCliServer.start(
              RealTemporal.binaryOrSkip(),
              dataDir.resolve("temporal"),
              "default",
              RealTemporal.freePort(),
              uiPort,
              dev.oncelane.workers.temporal.TemporalCliOptions.defaults()
                  .withUiCodecEndpoint(codecEndpoint));
      lane =
          RealServerLane.start(
              dataDir,
              temporal.address(),
              FaultConfig.none(),
              RealServerLane.Worker.IN_PROCESS,
              PayloadEncryption.dataConverter(keys));
      WebhookSender.Answer accepted =
          lane.sender()
              .deliver("ui-codec", WebhookSender.event(EMAIL, Map.of("firstname", "Uriel")));
      assertTrue(accepted.accepted(), accepted.toString());
      assertEquals(SyncStatus.COMPLETED, lane.awaitSettled("generic:ui-codec", SETTLES).status());

      ChromeDriver chrome =
          chromium.start(
              dataDir.resolve("chromium-profile"), screenshots.resolve("codec-chromedriver.log"));
      TemporalWebUi ui = new TemporalWebUi(chrome, temporal.uiUrl(), "default", screenshots);
      try {
        ui.openWorkflow("generic:ui-codec", accepted.runId());
        ui.awaitTextContaining(EMAIL);
        ui.screenshot("codec-1-decrypted-input");
        assertTrue(ui.visibleText().contains("Uriel"), "the decrypted input shows the name");

        codecServer.close();
        codecServer = null;
        ui.openWorkflow("generic:ui-codec", accepted.runId());
        ui.awaitTextContaining(ENCRYPTED_MARKER);
        ui.screenshot("codec-2-ciphertext-without-codec-server");
        assertFalse(ui.visibleText().contains(EMAIL), "without the codec server: no email");
        assertFalse(ui.visibleText().contains("Uriel"), "without the codec server: no name");
      } catch (Throwable failure) {
        ui.screenshot("codec-failure");
        ui.savePageSource("codec-failure");
        throw failure;
      } finally {
        chrome.quit();
      }
    } finally {
      if (codecServer != null) {
        codecServer.close();
      }
    }
  }

  /**
   * What the UI shows of a payload it cannot decode: the payload as received, its metadata in
   * base64, so {@code encoding: binary/encrypted} reads as this.
   */
  private static final String ENCRYPTED_MARKER = "YmluYXJ5L2VuY3J5cHRlZA==";

  private static Path screenshotDir() throws Exception {
    Path dir =
        Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .resolve("target")
            .resolve("webui-screenshots");
    Files.createDirectories(dir);
    try (Stream<Path> old = Files.list(dir)) {
      for (Path file : old.filter(f -> f.getFileName().toString().startsWith("codec-")).toList()) {
        Files.deleteIfExists(file);
      }
    }
    return dir;
  }
}
