package dev.oncelane.sandbox.contacts;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The contacts, in memory. Every method is synchronized: the email index and the records change
 * together, which is what makes "one email, one contact" hold under concurrent creates.
 *
 * <p>Reads by id or email always see the newest version. Search sees, for each record, the newest
 * version written at least {@code searchLagMs} ago, and nothing of a record younger than that.
 */
public final class ContactStore {

  private static final long FIRST_ID = 1001;
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Clock clock;
  private final LongSupplier searchLagMs;
  private final Map<Long, Deque<ContactRecord>> versionsById = new TreeMap<>();
  private final Map<String, Long> idByEmail = new HashMap<>();
  private final Set<String> hiddenEmails = new LinkedHashSet<>();
  private final PropertyCatalog properties = new PropertyCatalog();
  private long nextId = FIRST_ID;

  /**
   * @param clock source of createdAt/updatedAt and of the search index's notion of "now"
   * @param searchLagMs read on every search and write, so the lag can change at run time
   */
  public ContactStore(Clock clock, LongSupplier searchLagMs) {
    this.clock = clock;
    this.searchLagMs = searchLagMs;
  }

  /** Renders a timestamp the way HubSpot does: ISO-8601, UTC, milliseconds. */
  public static String iso(Instant instant) {
    return ISO_MILLIS.format(instant);
  }

  /** Creates a contact unless another one (visible or hidden) has the same email. */
  public synchronized WriteOutcome create(Map<String, String> properties) {
    String email = normalizedEmail(properties);
    if (email != null) {
      Optional<WriteOutcome> conflict = conflictFor(email, -1);
      if (conflict.isPresent()) {
        return conflict.get();
      }
    }
    long id = nextId++;
    Instant now = now();
    Map<String, String> values = new HashMap<>();
    applyChanges(values, properties);
    values.put(PropertyCatalog.OBJECT_ID, Long.toString(id));
    values.put(PropertyCatalog.CREATE_DATE, iso(now));
    values.put(PropertyCatalog.LAST_MODIFIED_DATE, iso(now));
    ContactRecord record = new ContactRecord(id, values, now, now);
    Deque<ContactRecord> versions = new ArrayDeque<>();
    versions.add(record);
    versionsById.put(id, versions);
    if (email != null) {
      idByEmail.put(email, id);
    }
    return new WriteOutcome.Written(record, true);
  }

  /**
   * Creates a contact per input, all or none: when any input's email is taken (by a stored or
   * hidden contact, or by an earlier input of the same call) nothing is created.
   *
   * @return one {@link WriteOutcome.Written} per input, in input order; or a single {@link
   *     WriteOutcome.Conflict} naming the first taken email's owner (null when hidden or when the
   *     owner is another input)
   */
  public synchronized List<WriteOutcome> createAll(List<Map<String, String>> inputs) {
    Set<String> emails = new java.util.HashSet<>();
    for (Map<String, String> input : inputs) {
      String email = normalizedEmail(input);
      if (email == null) {
        continue;
      }
      Optional<WriteOutcome> conflict = conflictFor(email, -1);
      if (conflict.isPresent()) {
        return List.of(conflict.get());
      }
      if (!emails.add(email)) {
        return List.of(new WriteOutcome.Conflict(null));
      }
    }
    List<WriteOutcome> created = new ArrayList<>();
    for (Map<String, String> input : inputs) {
      created.add(create(input));
    }
    return created;
  }

  /** Changes the given properties of a contact; an empty value clears the property. */
  public synchronized WriteOutcome update(long id, Map<String, String> properties) {
    Deque<ContactRecord> versions = versionsById.get(id);
    if (versions == null) {
      return new WriteOutcome.NotFound();
    }
    String newEmail = normalizedEmail(properties);
    if (newEmail != null) {
      Optional<WriteOutcome> conflict = conflictFor(newEmail, id);
      if (conflict.isPresent()) {
        return conflict.get();
      }
    }
    ContactRecord current = versions.getLast();
    Instant now = now();
    Map<String, String> values = new HashMap<>(current.properties());
    applyChanges(values, properties);
    values.put(PropertyCatalog.LAST_MODIFIED_DATE, iso(now));
    ContactRecord updated = new ContactRecord(id, values, current.createdAt(), now);
    versions.addLast(updated);
    pruneVersionsSearchNoLongerNeeds(versions);
    if (current.email() != null) {
      idByEmail.remove(current.email());
    }
    if (updated.email() != null) {
      idByEmail.put(updated.email(), id);
    }
    return new WriteOutcome.Written(updated, false);
  }

  /**
   * Upserts every (email, properties) input, all or none: when any email belongs to a hidden
   * contact nothing is written.
   *
   * @return one {@link WriteOutcome.Written} per input, in input order; or a single {@link
   *     WriteOutcome.Conflict} (its id null) for the first hidden email
   */
  public synchronized List<WriteOutcome> upsertAllByEmail(
      List<Map.Entry<String, Map<String, String>>> inputs) {
    for (Map.Entry<String, Map<String, String>> input : inputs) {
      if (hiddenEmails.contains(input.getKey().trim().toLowerCase(Locale.ROOT))) {
        return List.of(new WriteOutcome.Conflict(null));
      }
    }
    List<WriteOutcome> written = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> input : inputs) {
      written.add(upsertByEmail(input.getKey(), input.getValue()));
    }
    return written;
  }

  /** Updates the contact with this email, or creates it: the two are one atomic step. */
  public synchronized WriteOutcome upsertByEmail(String email, Map<String, String> properties) {
    String key = email.trim().toLowerCase(Locale.ROOT);
    if (hiddenEmails.contains(key)) {
      return new WriteOutcome.Conflict(null);
    }
    Map<String, String> withEmail = new HashMap<>(properties);
    withEmail.put(PropertyCatalog.EMAIL, key);
    Long id = idByEmail.get(key);
    return id == null ? create(withEmail) : update(id, withEmail);
  }

  public synchronized Optional<ContactRecord> byId(long id) {
    Deque<ContactRecord> versions = versionsById.get(id);
    return versions == null ? Optional.empty() : Optional.of(versions.getLast());
  }

  /** The contact with this email (any case); hidden contacts are never found. */
  public synchronized Optional<ContactRecord> byEmail(String email) {
    Long id = idByEmail.get(email.trim().toLowerCase(Locale.ROOT));
    return id == null ? Optional.empty() : byId(id);
  }

  /** The newest version of every contact, by id. */
  public synchronized List<ContactRecord> all() {
    List<ContactRecord> all = new ArrayList<>(versionsById.size());
    versionsById.values().forEach(versions -> all.add(versions.getLast()));
    return all;
  }

  /** What the search index shows now: per contact, the newest version old enough to be indexed. */
  public synchronized List<ContactRecord> searchable() {
    long indexedBefore = clock.millis() - searchLagMs.getAsLong();
    List<ContactRecord> visible = new ArrayList<>();
    for (Deque<ContactRecord> versions : versionsById.values()) {
      Iterator<ContactRecord> newestFirst = versions.descendingIterator();
      while (newestFirst.hasNext()) {
        ContactRecord version = newestFirst.next();
        if (version.updatedAt().toEpochMilli() <= indexedBefore) {
          visible.add(version);
          break;
        }
      }
    }
    return visible;
  }

  /** How many contacts have this email, ignoring case. */
  public synchronized long countByEmail(String email) {
    String key = email.trim().toLowerCase(Locale.ROOT);
    return all().stream().filter(record -> key.equals(record.email())).count();
  }

  /** Plants a contact that only the uniqueness check can see. */
  public synchronized void plantHidden(String email) {
    hiddenEmails.add(email.trim().toLowerCase(Locale.ROOT));
  }

  public synchronized List<String> hiddenEmails() {
    return List.copyOf(hiddenEmails);
  }

  /** Forgets every contact, hidden ones included, and restarts ids. */
  public synchronized void clear() {
    versionsById.clear();
    idByEmail.clear();
    hiddenEmails.clear();
    properties.reset();
    nextId = FIRST_ID;
  }

  /** The portal's contact properties, which decide what a write may name. */
  public PropertyCatalog properties() {
    return properties;
  }

  private Optional<WriteOutcome> conflictFor(String email, long writerId) {
    if (hiddenEmails.contains(email)) {
      return Optional.of(new WriteOutcome.Conflict(null));
    }
    Long owner = idByEmail.get(email);
    if (owner != null && owner != writerId) {
      return Optional.of(new WriteOutcome.Conflict(owner));
    }
    return Optional.empty();
  }

  // Keeps the newest version the index already shows plus everything newer; older ones are gone.
  private void pruneVersionsSearchNoLongerNeeds(Deque<ContactRecord> versions) {
    long indexedBefore = clock.millis() - searchLagMs.getAsLong();
    while (versions.size() > 1) {
      Iterator<ContactRecord> oldestFirst = versions.iterator();
      oldestFirst.next();
      if (oldestFirst.next().updatedAt().toEpochMilli() > indexedBefore) {
        return;
      }
      versions.removeFirst();
    }
  }

  private static void applyChanges(Map<String, String> values, Map<String, String> changes) {
    changes.forEach(
        (name, value) -> {
          if (value.isEmpty()) {
            values.remove(name);
          } else if (PropertyCatalog.EMAIL.equals(name)) {
            values.put(name, value.trim().toLowerCase(Locale.ROOT));
          } else {
            values.put(name, value);
          }
        });
  }

  private static String normalizedEmail(Map<String, String> properties) {
    String email = properties.get(PropertyCatalog.EMAIL);
    return email == null || email.isEmpty() ? null : email.trim().toLowerCase(Locale.ROOT);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
