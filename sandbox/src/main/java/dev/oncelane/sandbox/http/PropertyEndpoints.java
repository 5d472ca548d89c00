package dev.oncelane.sandbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oncelane.sandbox.contacts.PropertyCatalog;
import dev.oncelane.sandbox.contacts.PropertyDefinition;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * HubSpot's contact properties API (CRM v3, "Properties"): {@code GET /crm/v3/properties/contacts}
 * answers {@code {"results":[…]}} with every property (no paging), each with {@code name, label,
 * type, fieldType, groupName, options, calculated, hidden, hubspotDefined,
 * modificationMetadata{archivable, readOnlyDefinition, readOnlyValue}}; {@code GET
 * …/{propertyName}} one property or 404; {@code POST} creates a custom property (201), 409 {@code
 * OBJECT_ALREADY_EXISTS} when the name is taken.
 */
final class PropertyEndpoints {

  static final String PATH = "/crm/v3/properties/contacts";
  static final String NAME_PARAM = "propertyName";

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final List<String> TYPES =
      List.of("string", "number", "date", "datetime", "enumeration", "bool", "phone_number");

  private final PropertyCatalog catalog;
  private final JsonBodies bodies;

  PropertyEndpoints(PropertyCatalog catalog, JsonBodies bodies) {
    this.catalog = catalog;
    this.bodies = bodies;
  }

  CrmPipeline.Answer list(Context ctx) {
    List<Object> results = new ArrayList<>();
    List<PropertyDefinition> all = catalog.all();
    // archived=true lists archived properties only; the sandbox archives none.
    if (!"true".equalsIgnoreCase(ctx.queryParam("archived"))) {
      for (int i = 0; i < all.size(); i++) {
        results.add(all.get(i).toJson(i));
      }
    }
    return new CrmPipeline.Answer(200, Map.of("results", results));
  }

  CrmPipeline.Answer read(Context ctx) {
    String name = ctx.pathParam(NAME_PARAM);
    PropertyDefinition property =
        catalog
            .get(name)
            .orElseThrow(
                () ->
                    new ApiException(
                        404,
                        HubSpotErrors.envelope(
                            "Unable to find property " + name + " for object type contacts",
                            "OBJECT_NOT_FOUND")));
    return new CrmPipeline.Answer(200, property.toJson(catalog.all().indexOf(property)));
  }

  CrmPipeline.Answer create(Context ctx) {
    JsonNode body = bodies.object(ctx.body());
    String name = required(body, "name");
    String type = required(body, "type");
    if (!NAME.matcher(name).matches()) {
      throw HubSpotErrors.badRequest(
          "Property name " + name + " must be lower-case letters, digits and underscores.");
    }
    if (!TYPES.contains(type)) {
      throw HubSpotErrors.badRequest("Property type " + type + " is not one of " + TYPES + ".");
    }
    List<String> options = new ArrayList<>();
    body.path("options").forEach(o -> options.add(o.path("value").asText()));
    PropertyDefinition property =
        new PropertyDefinition(
            name,
            required(body, "label"),
            type,
            required(body, "fieldType"),
            required(body, "groupName"),
            false,
            false,
            body.path("hidden").asBoolean(false),
            false,
            options);
    if (!catalog.create(property)) {
      throw new ApiException(
          409,
          HubSpotErrors.envelope(
              "Property named '" + name + "' already exists.", "OBJECT_ALREADY_EXISTS"));
    }
    return new CrmPipeline.Answer(201, property.toJson(catalog.all().size() - 1));
  }

  private static String required(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw HubSpotErrors.badRequest("Property " + field + " is required.");
    }
    return value.asText();
  }
}
