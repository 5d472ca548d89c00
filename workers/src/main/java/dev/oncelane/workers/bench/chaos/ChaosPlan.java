package dev.oncelane.workers.bench.chaos;

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
 * <p>Three phases, each sent only after the previous one settled: (1) every first submission —
 * valid, invalid email, or a contact the CRM hides — delivered once, or three times at once; (2)
 * resubmissions (new events with new values for contacts that exist) and a second copy of the first
 * submissions that were not delivered at once; (3) late redeliveries of both.
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
    HIDDEN_CONFLICT
  }

  /**
   * One unique event.
   *
   * @param key its idempotency key
   * @param email the contact's email
   * @param properties the values it writes
   * @param kind what it is
   * @param supersededBy the key of the later event for the same contact, or null
   */
  public record PlannedEvent(
      String key, String email, Map<String, String> properties, Kind kind, String supersededBy) {

    public boolean valid() {
      return kind == Kind.FIRST || kind == Kind.RESUBMISSION;
    }
  }

  private static final double INVALID_SHARE = 0.05;
  private static final double HIDDEN_SHARE = 0.05;
  private static final double RESUBMISSION_SHARE = 0.20;
  private static final String[] NAMES = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken"};

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
        originals.set(
            target,
            new PlannedEvent(
                original.key(),
                original.email(),
                original.properties(),
                original.kind(),
                resubmission.key()));
      }
    }
    return new ChaosPlan(
        seed, concat(originals, resubmitted), phases(random, originals, resubmitted));
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
    return new PlannedEvent(key, email, properties, kind, null);
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
