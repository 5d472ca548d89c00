package dev.oncelane.sandbox.http;

import dev.oncelane.sandbox.contacts.ContactRecord;
import dev.oncelane.sandbox.contacts.ContactStore;
import dev.oncelane.sandbox.contacts.ContactView;
import dev.oncelane.sandbox.contacts.PropertyCatalog;
import dev.oncelane.sandbox.contacts.PropertyProblem;
import dev.oncelane.sandbox.contacts.PropertyValidator;
import dev.oncelane.sandbox.contacts.WriteOutcome;
import dev.oncelane.sandbox.search.ContactSearch;
import dev.oncelane.sandbox.search.SearchPage;
import dev.oncelane.sandbox.search.SearchQuery;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Create, read, update and search of single contacts. */
final class ContactEndpoints {

  static final String ID_PARAM = "contactId";

  private final ContactStore store;
  private final JsonBodies bodies;

  ContactEndpoints(ContactStore store, JsonBodies bodies) {
    this.store = store;
    this.bodies = bodies;
  }

  CrmPipeline.Answer create(Context ctx) {
    Map<String, String> properties = JsonBodies.properties(bodies.object(ctx.body()));
    requireValid(store.properties(), properties);
    WriteOutcome outcome = store.create(properties);
    if (outcome instanceof WriteOutcome.Conflict conflict) {
      throw HubSpotErrors.conflict(conflict.existingId());
    }
    ContactRecord record = ((WriteOutcome.Written) outcome).record();
    return new CrmPipeline.Answer(201, withWritten(record, properties.keySet()));
  }

  CrmPipeline.Answer read(Context ctx) {
    String id = ctx.pathParam(ID_PARAM);
    ContactRecord record =
        find(id, ctx.queryParam("idProperty")).orElseThrow(() -> HubSpotErrors.notFound(id));
    List<String> names =
        JsonBodies.propertySelection(store.properties(), ctx.queryParams("properties"));
    return new CrmPipeline.Answer(200, ContactView.selected(record, names));
  }

  CrmPipeline.Answer update(Context ctx) {
    String id = ctx.pathParam(ID_PARAM);
    Map<String, String> properties = JsonBodies.properties(bodies.object(ctx.body()));
    ContactRecord target =
        find(id, ctx.queryParam("idProperty")).orElseThrow(() -> HubSpotErrors.notFound(id));
    requireValid(store.properties(), properties);
    WriteOutcome outcome = store.update(target.id(), properties);
    if (outcome instanceof WriteOutcome.Conflict conflict) {
      throw HubSpotErrors.conflict(conflict.existingId());
    }
    if (outcome instanceof WriteOutcome.NotFound) {
      throw HubSpotErrors.notFound(id);
    }
    ContactRecord record = ((WriteOutcome.Written) outcome).record();
    return new CrmPipeline.Answer(200, withWritten(record, properties.keySet()));
  }

  CrmPipeline.Answer search(Context ctx) {
    SearchQuery query = SearchQuery.parse(bodies.object(ctx.body()));
    SearchPage page = ContactSearch.run(store.searchable(), query);
    List<String> names =
        JsonBodies.propertySelection(
            store.properties(), query.properties() == null ? List.of() : query.properties());
    List<Map<String, Object>> results = new ArrayList<>();
    page.results().forEach(record -> results.add(ContactView.selected(record, names)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total", page.total());
    body.put("results", results);
    if (page.nextAfter() != null) {
      body.put(
          "paging",
          Map.of("next", Map.of("after", page.nextAfter(), "link", "?after=" + page.nextAfter())));
    }
    return new CrmPipeline.Answer(200, body);
  }

  /** Finds a contact by record id, or by email when idProperty=email. Reads never lag. */
  Optional<ContactRecord> find(String id, String idProperty) {
    if (idProperty == null || idProperty.equals(PropertyCatalog.OBJECT_ID)) {
      try {
        return store.byId(Long.parseLong(id.trim()));
      } catch (NumberFormatException notNumeric) {
        return Optional.empty();
      }
    }
    if (idProperty.equals(PropertyCatalog.EMAIL)) {
      return store.byEmail(id);
    }
    throw HubSpotErrors.badRequest(
        "idProperty " + idProperty + " is not a unique property of contacts; use email.");
  }

  static void requireValid(PropertyCatalog catalog, Map<String, String> properties) {
    List<PropertyProblem> problems = PropertyValidator.problems(catalog, properties);
    if (!problems.isEmpty()) {
      throw HubSpotErrors.invalidProperties(problems);
    }
  }

  /** A write's answer: HubSpot's default properties plus the ones just written. */
  static Map<String, Object> withWritten(ContactRecord record, Collection<String> written) {
    Set<String> names = new LinkedHashSet<>(PropertyCatalog.DEFAULT_READ);
    names.addAll(written);
    return ContactView.selected(record, names);
  }
}
