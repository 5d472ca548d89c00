package dev.oncelane.workflows.sync;

import dev.oncelane.workflows.crm.ConflictDetails;
import dev.oncelane.workflows.crm.CrmActivities;
import dev.oncelane.workflows.crm.CrmContact;
import dev.oncelane.workflows.crm.CrmFailures;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CRM for workflow tests that raises the activity failure classes the way the real activities do,
 * with switches for each awkward case the lane must survive.
 */
final class FakeCrm implements CrmActivities {

  private final Map<String, CrmContact> byId = new HashMap<>();
  private final Set<String> hiddenEmails = new HashSet<>();
  private final List<String> calls = new ArrayList<>();
  private int nextId = 1000;
  private boolean conflictNamesId = true;
  private int lookupsToMiss;
  private final Map<String, String> staleLookups = new HashMap<>();
  private int rateLimitsToAnswer;
  private int unexpectedFailures;
  private boolean lookupsWithoutId;
  private Duration rateLimitDelay = Duration.ZERO;
  private final Set<String> lackedProperties = new HashSet<>();

  synchronized String seed(String email, Map<String, String> properties) {
    String id = String.valueOf(nextId++);
    Map<String, String> props = new HashMap<>(properties);
    props.put("email", email);
    byId.put(id, new CrmContact(id, props));
    return id;
  }

  /** 409s answer "Contact already exists." without the id. */
  synchronized void conflictsNameNoId() {
    conflictNamesId = false;
  }

  /** The next {@code n} lookups by email find nothing, as if the contact were not there yet. */
  synchronized void missNextLookups(int n) {
    lookupsToMiss = n;
  }

  /** The next lookup of {@code email} answers {@code staleId}, an id the CRM no longer has. */
  synchronized void staleNextLookup(String email, String staleId) {
    staleLookups.put(email, staleId);
  }

  /** The CRM has no property {@code name}: writes drop it and say so, as the catalog does. */
  synchronized void lacksProperty(String name) {
    lackedProperties.add(name);
  }

  /** A contact with this email exists, but no read can see it (e.g. a secondary email). */
  synchronized void hide(String email) {
    hiddenEmails.add(email);
  }

  /**
   * The next {@code n} lookups fail with a non-retryable failure of a type the lane has no rule
   * for, as an unforeseen answer of the CRM would.
   */
  synchronized void failNextLookupsUnexpectedly(int n) {
    unexpectedFailures = n;
  }

  /** Lookups find the contact but answer without its id, which the lane never expects. */
  synchronized void answerLookupsWithoutId() {
    lookupsWithoutId = true;
  }

  /** The next {@code n} calls answer 429 with this retry delay. */
  synchronized void rateLimit(int n, Duration delay) {
    rateLimitsToAnswer = n;
    rateLimitDelay = delay;
  }

  @Override
  public synchronized CrmContact findByEmail(String email) {
    call("findByEmail " + email);
    if (unexpectedFailures > 0) {
      unexpectedFailures--;
      throw ApplicationFailure.newNonRetryableFailure("I'm a teapot", "CrmUnexpected");
    }
    if (lookupsWithoutId) {
      CrmContact found = byEmail(email);
      return found == null ? null : new CrmContact(null, found.properties());
    }
    if (lookupsToMiss > 0) {
      lookupsToMiss--;
      return null;
    }
    String staleId = staleLookups.remove(email);
    if (staleId != null) {
      return new CrmContact(staleId, Map.of("email", email));
    }
    return byEmail(email);
  }

  @Override
  public synchronized CrmContact findById(String id) {
    call("findById " + id);
    return byId.get(id);
  }

  @Override
  public synchronized CrmContact create(Map<String, String> properties) {
    String email = properties.get("email");
    call("create " + email);
    if (email == null || !email.matches("[^@\\s]+@[^@\\s]+\\.[a-z]+")) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Property values were not valid: Email address " + email + " is invalid",
          CrmFailures.VALIDATION);
    }
    CrmContact existing = byEmail(email);
    if (existing != null || hiddenEmails.contains(email)) {
      String existingId = existing == null || !conflictNamesId ? null : existing.id();
      String message =
          existingId == null
              ? "Contact already exists."
              : "Contact already exists. Existing ID: " + existingId;
      throw ApplicationFailure.newNonRetryableFailure(
          message, CrmFailures.CONFLICT, new ConflictDetails(existingId, message, "corr-1"));
    }
    String id = seed(email, withoutLacked(properties));
    return withDropped(byId.get(id), properties);
  }

  @Override
  public synchronized CrmContact update(String id, Map<String, String> properties) {
    call("update " + id);
    CrmContact current = byId.get(id);
    if (current == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Object not found.  objectId are usually numeric.", CrmFailures.NOT_FOUND);
    }
    Map<String, String> merged = new HashMap<>(current.properties());
    merged.putAll(withoutLacked(properties));
    CrmContact updated = new CrmContact(id, merged);
    byId.put(id, updated);
    return withDropped(updated, properties);
  }

  private Map<String, String> withoutLacked(Map<String, String> properties) {
    Map<String, String> kept = new HashMap<>(properties);
    kept.keySet().removeAll(lackedProperties);
    return kept;
  }

  private CrmContact withDropped(CrmContact written, Map<String, String> sent) {
    List<String> dropped =
        sent.keySet().stream().filter(lackedProperties::contains).sorted().toList();
    return dropped.isEmpty()
        ? written
        : new CrmContact(written.id(), written.properties(), dropped);
  }

  synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  synchronized CrmContact contact(String id) {
    return byId.get(id);
  }

  synchronized long count(String email) {
    return byId.values().stream().filter(c -> email.equals(c.properties().get("email"))).count();
  }

  private void call(String what) {
    calls.add(what);
    if (rateLimitsToAnswer > 0) {
      rateLimitsToAnswer--;
      throw ApplicationFailure.newBuilder()
          .setMessage("You have reached your ten_secondly_rolling limit.")
          .setType(CrmFailures.RATE_LIMITED)
          .setNextRetryDelay(rateLimitDelay)
          .build();
    }
  }

  private CrmContact byEmail(String email) {
    if (hiddenEmails.contains(email)) {
      return null;
    }
    return byId.values().stream()
        .filter(c -> email.equals(c.properties().get("email")))
        .findFirst()
        .orElse(null);
  }
}
