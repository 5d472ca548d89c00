package dev.oncelane.sandbox.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oncelane.sandbox.faults.ConnectionDropper;
import dev.oncelane.sandbox.faults.FaultPlan;
import dev.oncelane.sandbox.faults.RateLimiter;
import dev.oncelane.sandbox.search.InvalidSearchException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every /crm call goes through, in this order: Bearer authentication (401), the ten-secondly
 * rate limit (429 with {@code Retry-After}; the rate-limit headers on every answer), the count of a
 * batch's inputs, the fault draw, the added latency, the injected 500 (nothing done), the handler,
 * and for a successful write the commit-then-drop. Each call is counted in {@link CallStats} under
 * its path template; a batch call is one request, whatever its inputs, as HubSpot counts it.
 */
final class CrmPipeline {

  /** How a call relates to faults and limits. */
  enum Kind {
    /** A read: may be delayed or fail with 500. */
    READ,
    /** A write: may also lose its answer after committing. */
    WRITE,
    /** Search: a read that HubSpot exempts from the ten-secondly limit. */
    SEARCH
  }

  /** Handles one call once the pipeline let it through. */
  @FunctionalInterface
  interface CrmHandler {
    Answer handle(Context ctx);
  }

  /** A successful answer: status and JSON body. */
  record Answer(int status, Object body) {}

  private static final Logger log = LoggerFactory.getLogger(CrmPipeline.class);

  private final SandboxState state;
  private final ObjectMapper mapper;

  CrmPipeline(SandboxState state, ObjectMapper mapper) {
    this.state = state;
    this.mapper = mapper;
  }

  void route(Javalin app, HandlerType method, String path, Kind kind, CrmHandler handler) {
    String endpoint = method.name() + " " + path;
    boolean batch = path.contains("/batch/");
    app.addHttpHandler(method, path, ctx -> serve(ctx, endpoint, batch, kind, handler));
  }

  /** Answers a /crm path that has no route, with the usual headers and envelope. */
  void noRoute(Context ctx) {
    rateLimitHeaders(ctx, state.rateLimiter().peek(presentedToken(ctx)));
    writeError(ctx, HubSpotErrors.noRoute(ctx.method().name(), ctx.path()));
  }

  private void serve(Context ctx, String endpoint, boolean batch, Kind kind, CrmHandler handler) {
    String token = presentedToken(ctx);
    int status;
    try {
      boolean known = state.token().equals(token);
      RateLimiter.Usage usage =
          !known || kind == Kind.SEARCH
              ? state.rateLimiter().peek(token)
              : state.rateLimiter().acquire(token);
      rateLimitHeaders(ctx, usage);
      if (!known) {
        throw HubSpotErrors.unauthorized(token.isEmpty());
      }
      if (kind != Kind.SEARCH && !usage.allowed()) {
        throw HubSpotErrors.rateLimited(usage.retryAfterMs());
      }
      if (batch) {
        state.stats().recordBatch(endpoint, JsonBodies.inputCount(mapper, ctx.body()));
      }
      FaultPlan plan = state.faults().next();
      pause(plan.latencyMs());
      if (plan.serverError()) {
        throw HubSpotErrors.serverError("Internal error (injected by the sandbox; nothing done).");
      }
      Answer answer = handler.handle(ctx);
      if (kind == Kind.WRITE
          && answer.status() < 300
          && (plan.dropAfterCommit() || state.faults().takeScriptedDrop())) {
        // Counted first: the client may look at the stats as soon as its connection breaks.
        state.stats().record(endpoint, CallStats.DROPPED);
        ConnectionDropper.drop(ctx);
        return;
      }
      writeJson(ctx, answer.status(), answer.body());
      status = answer.status();
    } catch (ApiException e) {
      status = writeError(ctx, e);
    } catch (InvalidSearchException e) {
      status = writeError(ctx, HubSpotErrors.badRequest(e.getMessage()));
    } catch (RuntimeException e) {
      log.error("sandbox bug while serving {}", endpoint, e);
      status = writeError(ctx, HubSpotErrors.serverError("Internal error: " + e));
    }
    state.stats().record(endpoint, Integer.toString(status));
  }

  private int writeError(Context ctx, ApiException error) {
    error.headers().forEach(ctx::header);
    writeJson(ctx, error.status(), error.body());
    return error.status();
  }

  private void writeJson(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType("application/json").result(mapper.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("answer cannot be rendered as JSON", e);
    }
  }

  private static void rateLimitHeaders(Context ctx, RateLimiter.Usage usage) {
    ctx.header("X-HubSpot-RateLimit-Max", Integer.toString(usage.max()));
    ctx.header("X-HubSpot-RateLimit-Remaining", Integer.toString(usage.remaining()));
    ctx.header("X-HubSpot-RateLimit-Interval-Milliseconds", Long.toString(RateLimiter.WINDOW_MS));
    ctx.header("X-HubSpot-RateLimit-Daily", Integer.toString(usage.daily()));
    ctx.header("X-HubSpot-RateLimit-Daily-Remaining", Integer.toString(usage.dailyRemaining()));
  }

  private static String presentedToken(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization == null) {
      return "";
    }
    String trimmed = authorization.trim();
    return trimmed.toLowerCase(Locale.ROOT).startsWith("bearer ")
        ? trimmed.substring("bearer ".length()).trim()
        : "";
  }

  private static void pause(int millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
