package dev.oncelane.workers.commands;

import dev.oncelane.workers.OncelaneCli;
import dev.oncelane.workers.codec.AesGcmPayloadCodec;
import dev.oncelane.workers.codec.CodecKeys;
import dev.oncelane.workers.codec.CodecServer;
import dev.oncelane.workers.codec.CodecServerConfig;
import dev.oncelane.workers.config.LaneEnvironment;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code oncelane codec-server}: decrypts payloads for the Temporal Web UI and CLI. */
@Command(
    name = "codec-server",
    mixinStandardHelpOptions = true,
    description = {
      "Serve Temporal's remote codec protocol (POST /encode, POST /decode) with the lane's"
          + " payload keys, so the Web UI and `temporal … --codec-endpoint` show decrypted payloads.",
      "Keys: ONCELANE_CODEC_KEYS + ONCELANE_CODEC_ENCRYPT_KEY, or ONCELANE_CODEC_KEY_FILE."
          + " Access: ONCELANE_CODEC_TOKEN (required), sent as `Authorization: Bearer <token>` or as"
          + " the path prefix /<token>. CORS origins: ONCELANE_CODEC_CORS_ORIGINS."
    })
public final class CodecServerCommand implements Callable<Integer> {

  @Option(names = "--port", description = "Port (default ONCELANE_CODEC_SERVER_PORT or 8234).")
  Integer port;

  @Option(
      names = "--host",
      description = "Interface (default ONCELANE_CODEC_SERVER_HOST or 127.0.0.1).")
  String host;

  @Override
  public Integer call() {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (port != null) {
      env.put(CodecServerConfig.PORT, port.toString());
    }
    if (host != null) {
      env.put(CodecServerConfig.HOST, host);
    }
    CodecServerConfig config;
    Optional<CodecKeys> keys;
    try {
      config = CodecServerConfig.fromEnv(env);
      keys = CodecKeys.fromEnv(env, LaneEnvironment.fromEnv(env).dataDir());
    } catch (IllegalArgumentException e) {
      System.err.println("oncelane codec-server: " + e.getMessage());
      return OncelaneCli.EXIT_USAGE;
    }
    if (keys.isEmpty()) {
      System.err.println(
          "oncelane codec-server: no keys; set "
              + CodecKeys.KEYS
              + " and "
              + CodecKeys.ENCRYPT_KEY
              + ", or "
              + CodecKeys.KEY_FILE);
      return OncelaneCli.EXIT_USAGE;
    }
    CodecServer server = CodecServer.start(config, new AesGcmPayloadCodec(keys.get()));
    System.out.printf(
        "oncelane codec-server on http://%s:%d (%s; CORS for %s)%n",
        config.host(), server.port(), keys.get().describe(), config.allowedOrigins());
    Shutdown.awaitThen(server::close);
    return 0;
  }
}
