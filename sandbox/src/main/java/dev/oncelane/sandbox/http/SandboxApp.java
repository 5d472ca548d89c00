package dev.oncelane.sandbox.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oncelane.sandbox.http.CrmPipeline.Kind;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;

/** Wires the /crm API and the admin endpoints onto a Javalin server. */
public final class SandboxApp {

  static final String CONTACTS = "/crm/v3/objects/contacts";
  private static final String HANDLED_ATTRIBUTE = "sandbox.handled";

  private SandboxApp() {}

  /** A configured, not yet started Javalin server for this state. */
  public static Javalin create(SandboxState state, AdminEndpoints admin, ObjectMapper mapper) {
    Javalin app = Javalin.create(config -> config.showJavalinBanner = false);
    CrmPipeline pipeline = new CrmPipeline(state, mapper);
    JsonBodies bodies = new JsonBodies(mapper);
    ContactEndpoints contacts = new ContactEndpoints(state.store(), bodies);
    BatchEndpoints batch = new BatchEndpoints(state.store(), contacts, bodies);
    String byId = CONTACTS + "/{" + ContactEndpoints.ID_PARAM + "}";
    PropertyEndpoints properties = new PropertyEndpoints(state.store().properties(), bodies);
    String property = PropertyEndpoints.PATH + "/{" + PropertyEndpoints.NAME_PARAM + "}";

    pipeline.route(app, HandlerType.POST, CONTACTS, Kind.WRITE, contacts::create);
    pipeline.route(app, HandlerType.GET, byId, Kind.READ, contacts::read);
    pipeline.route(app, HandlerType.PATCH, byId, Kind.WRITE, contacts::update);
    pipeline.route(app, HandlerType.POST, CONTACTS + "/search", Kind.SEARCH, contacts::search);
    pipeline.route(app, HandlerType.POST, CONTACTS + "/batch/read", Kind.READ, batch::read);
    pipeline.route(app, HandlerType.POST, CONTACTS + "/batch/create", Kind.WRITE, batch::create);
    pipeline.route(app, HandlerType.POST, CONTACTS + "/batch/update", Kind.WRITE, batch::update);
    pipeline.route(app, HandlerType.POST, CONTACTS + "/batch/upsert", Kind.WRITE, batch::upsert);
    pipeline.route(app, HandlerType.GET, PropertyEndpoints.PATH, Kind.READ, properties::list);
    pipeline.route(app, HandlerType.GET, property, Kind.READ, properties::read);
    pipeline.route(app, HandlerType.POST, PropertyEndpoints.PATH, Kind.WRITE, properties::create);
    admin.register(app);

    // Every matched route writes its own answer; only unmatched paths reach the 404 mapper.
    app.beforeMatched(ctx -> ctx.attribute(HANDLED_ATTRIBUTE, true));
    app.error(
        404,
        ctx -> {
          if (ctx.attribute(HANDLED_ATTRIBUTE) != null) {
            return;
          }
          if (ctx.path().startsWith("/crm/")) {
            pipeline.noRoute(ctx);
          } else {
            admin.problem(ctx, 404, "Not Found", "No endpoint " + ctx.method() + " " + ctx.path());
          }
        });
    app.exception(
        Exception.class,
        (e, ctx) -> admin.problem(ctx, 500, "Internal Server Error", String.valueOf(e)));
    return app;
  }
}
