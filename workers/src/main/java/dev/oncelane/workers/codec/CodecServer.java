package dev.oncelane.workers.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A codec server: Temporal's remote data encoder protocol over HTTP, so the Temporal Web UI and the
 * {@code temporal} CLI ({@code --codec-endpoint}) show payloads the lane encrypted.
 *
 * <ul>
 *   <li>{@code POST /decode} and {@code POST /encode}: body and answer are a {@code Payloads}
 *       message as proto3 JSON, {@code {"payloads":[{"metadata":{"encoding":"<base64>",…},
 *       "data":"<base64>"}]}}. The Web UI sends {@code X-Namespace}; one codec serves every
 *       namespace here. Payloads this codec did not encrypt pass through decoding unchanged.
 *   <li>Access: {@code Authorization: Bearer <token>}, or the token as the path's first segment
 *       ({@code POST /<token>/decode}). Without it: {@code 401} {@code application/problem+json}
 *       (RFC 9457) with {@code reason} {@code token_missing} or {@code token_invalid}.
 *   <li>CORS for the configured Web UI origins, preflight ({@code OPTIONS}) included; a preflight
 *       needs no token, since browsers send none with it.
 *   <li>Errors: {@code 400} {@code malformed_payloads} (not a Payloads JSON), {@code 422} {@code
 *       undecodable_payload} (a key this server lacks, or bytes that do not authenticate).
 * </ul>
 *
 * <p>It logs requests by status and namespace only: never a token, a key or a payload.
 */
public final class CodecServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CodecServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();
  private static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

  private final Javalin app;

  private CodecServer(Javalin app) {
    this.app = app;
  }

  /**
   * Starts serving {@code codec} as {@code config} says.
   *
   * @throws io.javalin.util.JavalinBindException when the port is taken
   */
  public static CodecServer start(CodecServerConfig config, PayloadCodec codec) {
    byte[] expected = config.token().getBytes(StandardCharsets.UTF_8);
    Javalin app =
        Javalin.create(
            javalin -> {
              javalin.showJavalinBanner = false;
              javalin.http.maxRequestSize = MAX_BODY_BYTES;
              javalin.bundledPlugins.enableCors(
                  cors ->
                      cors.addRule(
                          rule -> {
                            List<String> origins = config.allowedOrigins();
                            if (!origins.isEmpty()) {
                              rule.allowHost(
                                  origins.get(0),
                                  origins.subList(1, origins.size()).toArray(String[]::new));
                            }
                            // The Web UI may be set to send cookies ("include credentials").
                            rule.allowCredentials = true;
                            rule.maxAge = 600;
                          }));
            });
    for (String prefix : List.of("", "/{token}")) {
      app.post(prefix + "/decode", ctx -> answer(ctx, expected, codec::decode));
      app.post(prefix + "/encode", ctx -> answer(ctx, expected, codec::encode));
    }
    app.error(
        404,
        ctx -> {
          if (ctx.result() == null) {
            problem(ctx, 404, "not_found", "Not Found", "only POST /encode and /decode exist");
          }
        });
    app.start(config.host(), config.port());
    return new CodecServer(app);
  }

  /** The port it listens on. */
  public int port() {
    return app.port();
  }

  private static void answer(
      Context ctx, byte[] expectedToken, UnaryOperator<List<Payload>> convert) {
    String namespace = ctx.header("X-Namespace");
    String refusal = refusal(ctx, expectedToken);
    if (refusal != null) {
      ctx.header("WWW-Authenticate", "Bearer");
      problem(
          ctx,
          401,
          refusal,
          "Unauthorized",
          refusal.equals("token_missing")
              ? "send Authorization: Bearer <token> (temporal --codec-auth), or POST /<token>/decode"
              : "the access token is not the codec server's");
      LOG.info(
          "codec {} refused ({}), namespace {}",
          ctx.path().endsWith("decode") ? "decode" : "encode",
          refusal,
          namespace);
      return;
    }
    Payloads.Builder request = Payloads.newBuilder();
    try {
      PARSER.merge(ctx.body(), request);
    } catch (InvalidProtocolBufferException e) {
      problem(
          ctx,
          400,
          "malformed_payloads",
          "Bad Request",
          "the body is not a Payloads message as proto3 JSON: " + e.getMessage());
      return;
    }
    List<Payload> converted;
    try {
      converted = convert.apply(request.getPayloadsList());
    } catch (PayloadCodecException e) {
      problem(ctx, 422, "undecodable_payload", "Unprocessable Content", e.getMessage());
      return;
    }
    try {
      ctx.status(200)
          .contentType("application/json")
          .result(PRINTER.print(Payloads.newBuilder().addAllPayloads(converted).build()));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a Payloads message always prints as JSON", e);
    }
  }

  /** Why the request is refused, or null when it carries the token. */
  private static String refusal(Context ctx, byte[] expected) {
    String presented = ctx.pathParamMap().get("token");
    if (presented == null) {
      String authorization = ctx.header("Authorization");
      if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        presented = authorization.substring(7).trim();
      }
    }
    if (presented == null || presented.isEmpty()) {
      return "token_missing";
    }
    return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected)
        ? null
        : "token_invalid";
  }

  private static void problem(Context ctx, int status, String reason, String title, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "urn:oncelane:problem:" + reason);
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    // The path may hold the token: the instance names the operation only.
    body.put(
        "instance",
        ctx.path().endsWith("/encode")
            ? "/encode"
            : ctx.path().endsWith("/decode") ? "/decode" : "/");
    body.put("reason", reason);
    try {
      ctx.status(status)
          .contentType("application/problem+json")
          .result(JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings and numbers always serialize", e);
    }
  }

  @Override
  public void close() {
    app.stop();
  }
}
