package dev.oncelane.sandbox.faults;

import io.javalin.http.Context;
import java.io.IOException;
import org.eclipse.jetty.server.Request;

/**
 * Loses an answer: aborts the HTTP connection under a request before anything of the response is
 * sent, so the client reads end-of-stream where it expected a status line.
 */
public final class ConnectionDropper {

  private ConnectionDropper() {}

  public static void drop(Context ctx) {
    // Javalin runs on Jetty; aborting the channel closes the socket without writing a byte.
    Request.getBaseRequest(ctx.req())
        .getHttpChannel()
        .abort(new IOException("sandbox fault: commit-then-drop"));
  }
}
