package dev.oncelane.workers.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DefaultDataConverter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CodecServerTest {

  private static final String TOKEN = "test-token-0123456789abcdef";
  private static final String UI = "http://127.0.0.1:8233";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CodecKeys KEYS = CodecKeys.parse("k1:" + CodecKeys.generateKey(), "k1");
  private static final AesGcmPayloadCodec CODEC = new AesGcmPayloadCodec(KEYS);

  private static CodecServer server;
  private static String base;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = CodecServer.start(new CodecServerConfig("127.0.0.1", 0, TOKEN, List.of(UI)), CODEC);
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String encryptedBody() throws Exception {
    Payload clear =
        DefaultDataConverter.STANDARD_INSTANCE
            .toPayload(Map.of("email", "ada@example.com"))
            .orElseThrow();
    return JsonFormat.printer()
        .print(Payloads.newBuilder().addAllPayloads(CODEC.encode(List.of(clear))).build());
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void refusesADecodeWithoutTheTokenWithAProblemDocument() throws Exception {
    HttpResponse<String> answer = post("/decode", encryptedBody(), "Origin", UI);

    assertEquals(401, answer.statusCode());
    assertEquals(
        "application/problem+json", answer.headers().firstValue("Content-Type").orElseThrow());
    JsonNode problem = JSON.readTree(answer.body());
    assertEquals("token_missing", problem.path("reason").asText());
    assertEquals(401, problem.path("status").asInt());
    assertFalse(answer.body().contains("ada@example.com"));
    assertEquals(UI, answer.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
  }

  @Test
  void refusesAWrongToken() throws Exception {
    HttpResponse<String> header =
        post("/decode", encryptedBody(), "Authorization", "Bearer wrong-token-0123456789");
    HttpResponse<String> path = post("/wrong-token-0123456789/decode", encryptedBody());
    for (HttpResponse<String> answer : List.of(header, path)) {
      assertEquals(401, answer.statusCode());
      assertEquals("token_invalid", JSON.readTree(answer.body()).path("reason").asText());
      assertFalse(answer.body().contains("wrong-token"), "the problem does not echo the path");
    }
  }

  @Test
  void decodesWithTheBearerTokenAsTheTemporalCliSendsIt() throws Exception {
    HttpResponse<String> answer =
        post(
            "/decode",
            encryptedBody(),
            "Authorization",
            "Bearer " + TOKEN,
            "X-Namespace",
            "default");

    assertEquals(200, answer.statusCode(), answer.body());
    Payloads.Builder decoded = Payloads.newBuilder();
    JsonFormat.parser().merge(answer.body(), decoded);
    Map<?, ?> value =
        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
            decoded.getPayloads(0), Map.class, Map.class);
    assertEquals("ada@example.com", value.get("email"));
  }

  @Test
  void decodesWithTheTokenInThePathAsTheWebUiSendsIt() throws Exception {
    HttpResponse<String> answer = post("/" + TOKEN + "/decode", encryptedBody(), "Origin", UI);
    assertEquals(200, answer.statusCode(), answer.body());
    // "json/plain", base64: the original encoding is back.
    assertTrue(answer.body().contains("anNvbi9wbGFpbg=="), answer.body());
    assertEquals(UI, answer.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
  }

  @Test
  void encodesSoThatTheLaneCanReadItBack() throws Exception {
    Payload clear = DefaultDataConverter.STANDARD_INSTANCE.toPayload("hello").orElseThrow();
    String body = JsonFormat.printer().print(Payloads.newBuilder().addPayloads(clear).build());
    HttpResponse<String> answer = post("/encode", body, "Authorization", "Bearer " + TOKEN);
    assertEquals(200, answer.statusCode(), answer.body());
    Payloads.Builder encoded = Payloads.newBuilder();
    JsonFormat.parser().merge(answer.body(), encoded);
    assertTrue(AesGcmPayloadCodec.isEncrypted(encoded.getPayloads(0)));
    assertEquals(clear, CODEC.decode(encoded.getPayloadsList()).get(0));
  }

  @Test
  void answersTheWebUisCorsPreflightWithoutAToken() throws Exception {
    HttpRequest preflight =
        HttpRequest.newBuilder(URI.create(base + "/" + TOKEN + "/decode"))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", UI)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type,x-namespace")
            .build();
    HttpResponse<String> answer = http.send(preflight, HttpResponse.BodyHandlers.ofString());

    assertTrue(answer.statusCode() < 300, "preflight answered " + answer.statusCode());
    assertEquals(UI, answer.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    String allowed =
        answer.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase();
    assertTrue(allowed.contains("x-namespace") && allowed.contains("content-type"), allowed);
    assertTrue(
        answer.headers().firstValue("Access-Control-Allow-Methods").orElseThrow().contains("POST"));
  }

  @Test
  void givesNoCorsHeadersToAnOriginItDoesNotKnow() throws Exception {
    HttpResponse<String> answer =
        post(
            "/decode",
            encryptedBody(),
            "Origin",
            "http://evil.example",
            "Authorization",
            "Bearer " + TOKEN);
    assertTrue(answer.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
  }

  @Test
  void answersMalformedBodiesAndUnknownKeysWithProblems() throws Exception {
    HttpResponse<String> malformed =
        post("/decode", "{\"payloads\":\"nope\"}", "Authorization", "Bearer " + TOKEN);
    assertEquals(400, malformed.statusCode());
    assertEquals("malformed_payloads", JSON.readTree(malformed.body()).path("reason").asText());

    Payload foreign =
        new AesGcmPayloadCodec(CodecKeys.parse("other:" + CodecKeys.generateKey(), "other"))
            .encode(List.of(DefaultDataConverter.STANDARD_INSTANCE.toPayload("x").orElseThrow()))
            .get(0);
    HttpResponse<String> unknownKey =
        post(
            "/decode",
            JsonFormat.printer().print(Payloads.newBuilder().addPayloads(foreign).build()),
            "Authorization",
            "Bearer " + TOKEN);
    assertEquals(422, unknownKey.statusCode());
    assertEquals("undecodable_payload", JSON.readTree(unknownKey.body()).path("reason").asText());
  }

  @Test
  void refusesToStartWithoutATokenOrWithAShortOne() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> CodecServerConfig.fromEnv(Map.of()))
            .getMessage()
            .contains("ONCELANE_CODEC_TOKEN"));
    assertThrows(
        IllegalArgumentException.class,
        () -> CodecServerConfig.fromEnv(Map.of("ONCELANE_CODEC_TOKEN", "short")));
  }
}
