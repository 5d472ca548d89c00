package dev.oncelane.workers.bench.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The seeded event stream of a chaos run: the same seed and size always give the same events, the
 * same deliveries and the same order, so every lane plays exactly the same stream.
 *
 * <p>Four phases, each sent only after the previous one settled: (1) every first submission —
 * valid, invalid email, or a contact the CRM hides — delivered once, or three times at once; (2)
 * resubmissions (new events with new values for contacts that exist) and a second copy of the first
 * submissions that were not delivered at once; (3) late redeliveries of both; (4) out of order: for
 * {@code size / 6} new contacts, {@value #EVENTS_PER_OUT_OF_ORDER_CONTACT} events each with
 * distinct keys, distinct {@code occurredAt} values and different property subsets, all shuffled
 * together and each sent after a random pause of up to {@value #MAX_DELAY_MS} ms, so a contact's
 * events arrive in any order and often at once.
 *
 * @param seed the seed the stream came from
 * @param events every unique event
 * @param phases the deliveries of each phase, in sending order
 */
public record ChaosPlan(long seed, List<PlannedEvent> events, List<List<PlannedEvent>> phases) {

  /** What an event is, and so how it must end. */
  public enum Kind {
    /** A new contact with valid values. */
    FIRST,
    /** New values for a contact a first submission made. */
    RESUBMISSION,
    /** An email the CRM refuses: must end in review, {@code validation_error}. */
    INVALID_EMAIL,
    /** A contact the CRM answers 409 for without an id: review, {@code unresolved_conflict}. */
    HIDDEN_CONFLICT,
    /**
     * One of several events for one contact, delivered out of order: per property, the newest
     * event's value must win.
     */
    OUT_OF_ORDER
  }

  /**
   * One unique event.
   *
   * @param key its idempotency key
   * @param email the contact's email
   * @param properties the values it writes
   * @param kind what it is
   * @param supersededBy the key of the later event for the same contact, or null
   * @param occurredAt the event time it carries (ISO-8601 with offset), or null for none
   * @param delayMs how long its sender waits before delivering it, milliseconds
   */
  public record PlannedEvent(
      String key,
      String email,
      Map<String, String> properties,
      Kind kind,
      String supersededBy,
      String occurredAt,
      int delayMs) {

    /** An event without an event time, delivered at once, not superseded (yet). */
    static PlannedEvent of(String key, String email, Map<String, String> properties, Kind kind) {
      return new PlannedEvent(key, email, properties, kind, null, null, 0);
    }

    /** An {@link Kind#OUT_OF_ORDER} event. */
    static PlannedEvent outOfOrder(
        String key, String email, Map<String, String> properties, String occurredAt, int delayMs) {
      return new PlannedEvent(key, email, properties, Kind.OUT_OF_ORDER, null, occurredAt, delayMs);
    }

    /** This event, superseded by the event with key {@code later}. */
    PlannedEvent supersededBy(String later) {
      return new PlannedEvent(key, email, properties, kind, later, occurredAt, delayMs);
    }

    public boolean valid() {
      return kind == Kind.FIRST || kind == Kind.RESUBMISSION || kind == Kind.OUT_OF_ORDER;
    }
  }

  private static final double INVALID_SHARE = 0.05;
  private static final double HIDDEN_SHARE = 0.05;
  private static final double RESUBMISSION_SHARE = 0.20;
  private static final String[] NAMES = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken"};
  private static final String[] PROPERTIES = {"firstname", "lastname", "company"};

  /** Events per contact in the out-of-order phase. */
  public static final int EVENTS_PER_OUT_OF_ORDER_CONTACT = 4;

  /** The longest pause before an out-of-order delivery, milliseconds. */
  public static final int MAX_DELAY_MS = 400;

  /** Out-of-order event times fall within the day after this; long past, so never refused. */
  private static final Instant OUT_OF_ORDER_EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * Generates the stream.
   *
   * @param seed the seed
   * @param size the number of unique events (at least 10)
   * @param tag a run tag in every key and email, so runs never collide in one CRM
   */
  public static ChaosPlan generate(long seed, int size, String tag) {
    if (size < 10) {
      throw new IllegalArgumentException("a chaos run needs at least 10 events, got " + size);
    }
    Random random = new Random(seed);
    int invalid = Math.max(1, (int) Math.round(size * INVALID_SHARE));
    int hidden = Math.max(1, (int) Math.round(size * HIDDEN_SHARE));
    int resubmissions = Math.max(1, (int) Math.round(size * RESUBMISSION_SHARE));
    int firsts = size - invalid - hidden - resubmissions;

    List<PlannedEvent> originals = new ArrayList<>();
    for (int i = 0; i < firsts; i++) {
      originals.add(event(random, tag + "-f" + i, tag + "-c" + i + "@example.com", Kind.FIRST));
    }
    for (int i = 0; i < invalid; i++) {
      originals.add(event(random, tag + "-x" + i, tag + "-x" + i + "@invalid", Kind.INVALID_EMAIL));
    }
    for (int i = 0; i < hidden; i++) {
      originals.add(
          event(random, tag + "-h" + i, tag + "-h" + i + "@example.com", Kind.HIDDEN_CONFLICT));
    }
    List<Integer> targets = new ArrayList<>();
    for (int i = 0; i < firsts; i++) {
      targets.add(i);
    }
    Collections.shuffle(targets, random);
    List<PlannedEvent> resubmitted = new ArrayList<>();
    for (int i = 0; i < resubmissions; i++) {
      // Each resubmission names a different contact, so no other event races it.
      int target = targets.get(i % firsts);
      PlannedEvent original = originals.get(target);
      PlannedEvent resubmission =
          event(random, tag + "-r" + i, original.email(), Kind.RESUBMISSION);
      resubmitted.add(resubmission);
      if (original.supersededBy() == null) {
        originals.set(target, original.supersededBy(resubmission.key()));
      }
    }
    List<List<PlannedEvent>> phases = new ArrayList<>(phases(random, originals, resubmitted));
    // Drawn after the first three phases, so those stay as they were for a given seed.
    List<PlannedEvent> outOfOrder = outOfOrder(random, Math.max(3, size / 6), tag);
    List<PlannedEvent> shuffled = new ArrayList<>(outOfOrder);
    Collections.shuffle(shuffled, random);
    phases.add(List.copyOf(shuffled));
    List<PlannedEvent> all = new ArrayList<>(concat(originals, resubmitted));
    all.addAll(outOfOrder);
    return new ChaosPlan(seed, List.copyOf(all), List.copyOf(phases));
  }

  /**
   * {@link #EVENTS_PER_OUT_OF_ORDER_CONTACT} events for each of {@code contacts} new contacts: each
   * at a different minute of one hour, writing a random non-empty subset of the properties with
   * values no other event writes.
   */
  private static List<PlannedEvent> outOfOrder(Random random, int contacts, String tag) {
    List<PlannedEvent> events = new ArrayList<>();
    for (int c = 0; c < contacts; c++) {
      String email = tag + "-o" + c + "@example.com";
      List<Integer> minutes = new ArrayList<>();
      for (int m = 0; m < 60; m++) {
        minutes.add(m);
      }
      Collections.shuffle(minutes, random);
      for (int e = 0; e < EVENTS_PER_OUT_OF_ORDER_CONTACT; e++) {
        String key = tag + "-o" + c + "-" + e;
        Map<String, String> properties = new TreeMap<>();
        while (properties.isEmpty()) {
          for (String property : PROPERTIES) {
            if (random.nextBoolean()) {
              properties.put(property, property.substring(0, 2) + "-" + key);
            }
          }
        }
        Instant at =
            OUT_OF_ORDER_EPOCH
                .plus(Duration.ofHours(c % 24))
                .plus(Duration.ofMinutes(minutes.get(e)));
        events.add(
            PlannedEvent.outOfOrder(
                key, email, properties, at.toString(), random.nextInt(MAX_DELAY_MS + 1)));
      }
    }
    return events;
  }

  private static List<List<PlannedEvent>> phases(
      Random random, List<PlannedEvent> originals, List<PlannedEvent> resubmitted) {
    List<PlannedEvent> first = new ArrayList<>();
    List<PlannedEvent> second = new ArrayList<>(resubmitted);
    List<PlannedEvent> third = new ArrayList<>(resubmitted);
    List<PlannedEvent> shuffled = new ArrayList<>(originals);
    Collections.shuffle(shuffled, random);
    for (PlannedEvent event : shuffled) {
      if (random.nextBoolean()) {
        // Three copies side by side: the sender pool delivers them at the same moment.
        first.add(event);
        first.add(event);
        first.add(event);
      } else {
        first.add(event);
        second.add(event);
      }
      third.add(event);
    }
    Collections.shuffle(second, random);
    Collections.shuffle(third, random);
    return List.of(first, second, third);
  }

  private static PlannedEvent event(Random random, String key, String email, Kind kind) {
    Map<String, String> properties = new TreeMap<>();
    properties.put("firstname", NAMES[random.nextInt(NAMES.length)]);
    properties.put("lastname", "L" + Long.toString(random.nextLong() & 0xffffffL, 36));
    properties.put("company", "Co" + random.nextInt(1000));
    return PlannedEvent.of(key, email, properties, kind);
  }

  private static List<PlannedEvent> concat(List<PlannedEvent> a, List<PlannedEvent> b) {
    List<PlannedEvent> all = new ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  /** How many deliveries the stream holds in all. */
  public int deliveries() {
    return phases.stream().mapToInt(List::size).sum();
  }

  /** The events of one kind. */
  public List<PlannedEvent> ofKind(Kind kind) {
    return events.stream().filter(e -> e.kind() == kind).toList();
  }
}
