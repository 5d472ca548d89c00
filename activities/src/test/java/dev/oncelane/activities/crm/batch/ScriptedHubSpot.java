package dev.oncelane.activities.crm.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A HubSpot stand-in over real HTTP whose answers a test scripts: for what the sandbox does not do
 * (answer out of order, refuse a whole batch for one row, fail a batch with 5xx).
 */
final class ScriptedHubSpot implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  /** A request as it arrived. */
  record Call(String method, String path, JsonNode body) {}

  /** An answer to give. */
  record Answer(int status, String body) {}

  @FunctionalInterface
  interface Script {
    Answer answer(Call call) throws IOException;
  }

  final List<Call> calls = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  ScriptedHubSpot(Script script) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext(
        "/",
        exchange -> {
          String text =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          Call call =
              new Call(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  text.isEmpty() ? null : JSON.readTree(text));
          calls.add(call);
          Answer answer = script.answer(call);
          byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(answer.status(), bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Call> callsTo(String pathSuffix) {
    return calls.stream().filter(c -> c.path().endsWith(pathSuffix)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
