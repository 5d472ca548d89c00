package dev.oncelane.workflows.sync;

import static dev.oncelane.workflows.ledger.SyncStatus.FAILED;

import dev.oncelane.workflows.crm.ConflictDetails;
import dev.oncelane.workflows.crm.CrmActivities;
import dev.oncelane.workflows.crm.CrmContact;
import dev.oncelane.workflows.crm.CrmFailures;
import dev.oncelane.workflows.freshness.Freshness;
import dev.oncelane.workflows.freshness.PropertyVersion;
import dev.oncelane.workflows.ledger.EventPayload;
import dev.oncelane.workflows.ledger.LedgerActivities;
import dev.oncelane.workflows.ledger.LedgerEntry;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.lock.LockSettings;
import dev.oncelane.workflows.policy.LaneOrdering;
import dev.oncelane.workflows.policy.LanePolicies;
import dev.oncelane.workflows.policy.LaneSettings;
import dev.oncelane.workflows.review.ReviewDecision;
import dev.oncelane.workflows.review.ReviewReason;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.worker.NonDeterministicException;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * The lane as the design draws it: look up, create or update, resolve a 409, and park what no rule
 * settles until an operator decides. Every transition goes through {@link LedgerTrail}; decisions
 * reach the lane through the {@link DecisionDesk}; newest wins (one writer per contact, fresh
 * properties only) through {@link NewestWins}. Edits that change the commands a run issues are
 * patched with change ids (see {@link LaneChanges}).
 */
public class ContactSyncWorkflowImpl implements ContactSyncWorkflow {

  private static final Logger log = Workflow.getLogger(ContactSyncWorkflowImpl.class);
  private static final String DECISION_REFUSED = "DecisionRefused";

  private final LaneSettings workerSettings;
  private LaneSettings settings;
  private final CrmActivities crm = Workflow.newActivityStub(CrmActivities.class, LanePolicies.CRM);
  private final LedgerActivities ledger =
      Workflow.newLocalActivityStub(LedgerActivities.class, LanePolicies.LEDGER);

  private ContactEvent event;
  private LedgerEntry begun;
  private LedgerTrail trail;
  private NewestWins newestWins;
  private Set<String> keptForNewer = Set.of();
  private Set<String> droppedByLastWrite = Set.of();
  private String email;
  private Map<String, String> properties = Map.of();
  private String crmId;
  private ReviewReason reason;
  private String crmMessage;
  private long reviewSinceMillis;
  private long reviewDeadlineMillis;
  private int crmWrites;

  private final DecisionDesk desk = new DecisionDesk();
  private Boolean deskRules;

  public ContactSyncWorkflowImpl() {
    this(LaneSettings.defaults());
  }

  /**
   * @param settings the worker's settings; a run records them at its start and keeps them, whatever
   *     a later worker is configured with
   */
  public ContactSyncWorkflowImpl(LaneSettings settings) {
    this.workerSettings = settings;
    this.settings = settings;
  }

  @Override
  public SyncResult sync(ContactEvent event) {
    settings = settingsForRun();
    begin(event);
    try {
      return syncBegun();
    } catch (RuntimeException failure) {
      throw endFailed(failure);
    }
  }

  private SyncResult syncBegun() {
    newestWins = NewestWins.forRun(event, ledger, LockSettings.defaults(), settings.ordering());
    Outcome outcome;
    if (trail.current().isSettled()) {
      if (!keyReused()) {
        return skipAsDuplicate();
      }
      outcome = reusedKey();
    } else {
      outcome = newestWins.holdingContact(email, this::upsert);
    }
    while (outcome.needsReview()) {
      enterReview(outcome);
      outcome = awaitDecision().orElseGet(Outcome::expired);
    }
    return settle(outcome);
  }

  private void begin(ContactEvent event) {
    this.event = event;
    this.email = event.email();
    this.properties = event.properties();
    LedgerEntry entry = ledger.begin(event);
    this.begun = entry;
    this.crmId = entry.crmId();
    this.trail = new LedgerTrail(ledger, entry, event.source());
  }

  /**
   * A failure the lane does not handle ends the event {@code failed} (reason {@code lane_error},
   * the error in the trail) and fails the run too, so the ledger and Temporal tell the same story
   * and the event can run again. Returns what to throw: a Temporal failure as it is; anything else
   * (a bug) wrapped as a non-retryable {@link ApplicationFailure}, because a plain exception would
   * only fail the workflow task and retry it for ever while the ledger already says failed.
   */
  private RuntimeException endFailed(RuntimeException failure) {
    if (failure instanceof NonDeterministicException || !trail.current().canMoveTo(FAILED)) {
      // Not the lane's to record: a replay mismatch, or an event already settled or moved on.
      return failure;
    }
    if (!LaneChanges.applies(LaneChanges.FAIL_INTO_LEDGER)) {
      return failure;
    }
    String error = LaneError.describe(failure);
    try {
      // Detached: the step is written even when the run is being cancelled.
      Workflow.newDetachedCancellationScope(
              () ->
                  trail.laneFailure(
                      ReviewReason.LANE_ERROR,
                      crmId,
                      "failed: the lane could not handle " + LaneError.kind(failure),
                      error,
                      crmWrites))
          .run();
    } catch (RuntimeException unrecorded) {
      log.error(
          "could not record the failure of {} in the ledger", event.processingId(), unrecorded);
      failure.addSuppressed(unrecorded);
    }
    return failure instanceof TemporalFailure
        ? failure
        : ApplicationFailure.newNonRetryableFailureWithCause(error, LaneError.TYPE, failure);
  }

  /**
   * Whether a redelivery after Temporal forgot the id carries another payload than the one the
   * ledger settled under this key.
   */
  private boolean keyReused() {
    return LaneChanges.applies(LaneChanges.KEY_REUSED)
        && begun.heldAnotherPayloadThan(event.payloadHash());
  }

  /** The key was reused for a different event: a person decides whether to apply it. */
  private Outcome reusedKey() {
    EventPayload now = EventPayload.of(event);
    List<String> fields =
        begun.payload() == null ? List.of() : begun.payload().differingFields(now);
    String differing =
        fields.isEmpty() ? "the payload hash differs" : String.join(", ", fields) + " differ";
    return Outcome.review(
        ReviewReason.KEY_REUSED,
        "the key was "
            + trail.current().code()
            + " for another payload; "
            + differing
            + ". retry applies this one, discard drops it",
        now.toJson());
  }

  /** A redelivery after Temporal forgot the id: the ledger already settled this event. */
  private SyncResult skipAsDuplicate() {
    String detail =
        "already " + trail.current().code() + "; redelivered after the workflow id was forgotten";
    trail.laneStep(SyncStatus.SKIPPED_DUPLICATE, crmId, detail, crmWrites);
    return new SyncResult(event.processingId(), SyncStatus.SKIPPED_DUPLICATE, crmId, null, detail);
  }

  /** Look up by email; update what exists, create what does not. */
  private Outcome upsert() {
    return writingFreshOnly(
        () -> {
          CrmContact existing = crm.findByEmail(email);
          if (existing != null) {
            return updateContact(existing.id(), SyncStatus.COMPLETED);
          }
          return createContact();
        });
  }

  /**
   * Newest wins: {@code write} sends only the properties no newer event has written; what it wrote
   * is recorded, what it left alone is named. When newer events hold every property, nothing is
   * written and the event ends {@code skipped_stale}.
   */
  private Outcome writingFreshOnly(Supplier<Outcome> write) {
    Freshness freshness = newestWins.freshness(email, properties.keySet());
    if (freshness.allStale()) {
      return Outcome.skippedStale(crmId, freshness.describeKept());
    }
    keptForNewer =
        freshness.stale().stream().map(PropertyVersion::property).collect(Collectors.toSet());
    Outcome outcome;
    try {
      outcome = write.get();
    } finally {
      keptForNewer = Set.of();
    }
    if (outcome.isWritten()) {
      newestWins.recordWritten(email, accepted(freshness.fresh()));
    }
    return outcome.keeping(freshness.describeKept());
  }

  /**
   * Of the properties sent, those the CRM took: the catalog's dropped ones hold no value of this
   * event, so they must not count as written by it (runs before {@link
   * LaneChanges#RECORD_ACCEPTED_ONLY} recorded them all).
   */
  private Collection<String> accepted(Collection<String> sent) {
    if (droppedByLastWrite.isEmpty() || !LaneChanges.applies(LaneChanges.RECORD_ACCEPTED_ONLY)) {
      return sent;
    }
    Set<String> taken = new TreeSet<>(sent);
    taken.removeAll(droppedByLastWrite);
    return taken;
  }

  /** The event's properties less those a newer event has written. */
  private Map<String, String> writable() {
    Map<String, String> fresh = new TreeMap<>(properties);
    fresh.keySet().removeAll(keptForNewer);
    return fresh;
  }

  private Outcome createContact() {
    Map<String, String> withKey = writable();
    withKey.put("email", email);
    crmWrites++;
    try {
      CrmContact created = crm.create(withKey);
      droppedByLastWrite = dropped(created);
      return Outcome.written(SyncStatus.COMPLETED, created.id(), "created" + created.droppedNote());
    } catch (ActivityFailure failure) {
      ApplicationFailure cause = crmFailure(failure);
      return switch (cause.getType()) {
        case CrmFailures.CONFLICT -> resolveConflict(cause.getDetails().get(ConflictDetails.class));
        case CrmFailures.VALIDATION -> refusedValues(cause);
        default -> throw failure;
      };
    }
  }

  /**
   * A 409 on create: the contact exists. Take its id from the answer, else look it up again
   * (bounded, backing off for index lag), then write the event's properties to it.
   */
  private Outcome resolveConflict(ConflictDetails conflict) {
    String existingId = conflict.existingId();
    Duration backoff = settings.relookupBackoff();
    for (int i = 0; existingId == null && i < settings.conflictRelookups(); i++) {
      Workflow.sleep(backoff);
      backoff = backoff.multipliedBy(2);
      CrmContact found = crm.findByEmail(email);
      existingId = found == null ? null : found.id();
    }
    if (existingId == null) {
      return Outcome.review(
          ReviewReason.UNRESOLVED_CONFLICT,
          "409 named no id and " + settings.conflictRelookups() + " lookups found no contact",
          conflict.message());
    }
    return updateContact(existingId, SyncStatus.RESOLVED_AFTER_409);
  }

  /** Writes the event's properties to {@code id}; the email, the key, is never changed. */
  private Outcome updateContact(String id, SyncStatus whenWritten) {
    Map<String, String> changes = withoutKey(writable());
    String how = whenWritten == SyncStatus.RESOLVED_AFTER_409 ? "after 409" : "existing contact";
    if (changes.isEmpty()) {
      // The event carries only the key, which the contact already has: nothing to write.
      return Outcome.written(whenWritten, id, "nothing to update (" + how + ")");
    }
    crmWrites++;
    try {
      CrmContact updated = crm.update(id, changes);
      droppedByLastWrite = dropped(updated);
      return Outcome.written(
          whenWritten, updated.id(), "updated (" + how + ")" + updated.droppedNote());
    } catch (ActivityFailure failure) {
      ApplicationFailure cause = crmFailure(failure);
      return switch (cause.getType()) {
        case CrmFailures.NOT_FOUND -> recoverGoneContact(id, whenWritten, cause);
        case CrmFailures.VALIDATION -> refusedValues(cause);
        default -> throw failure;
      };
    }
  }

  /** A 404 on update: the contact was deleted or merged away. Find it again by email, bounded. */
  private Outcome recoverGoneContact(
      String goneId, SyncStatus whenWritten, ApplicationFailure gone) {
    for (int i = 0; i < settings.goneRelookups(); i++) {
      CrmContact found = crm.findByEmail(email);
      if (found != null && !found.id().equals(goneId)) {
        return updateContact(found.id(), whenWritten);
      }
    }
    return Outcome.review(
        ReviewReason.OBJECT_GONE,
        "contact " + goneId + " is gone and no other has this email",
        gone.getOriginalMessage());
  }

  private static Outcome refusedValues(ApplicationFailure validation) {
    return Outcome.review(
        ReviewReason.VALIDATION_ERROR,
        "the CRM refused the values",
        validation.getOriginalMessage());
  }

  private void enterReview(Outcome review) {
    if (deskRules == null) {
      deskRules = LaneChanges.applies(LaneChanges.DECISION_DESK);
    }
    reason = review.reason();
    crmMessage = review.crmMessage();
    reviewSinceMillis = Workflow.currentTimeMillis();
    reviewDeadlineMillis = reviewSinceMillis + settings.reviewTimeout().toMillis();
    trail.enter(review, crmId, crmWrites);
    desk.answer(review);
    desk.open(reviewDeadlineMillis, deskRules);
    noteRefusals();
  }

  /** Waits, durably and for days if need be, for an operator; empty when the review expires. */
  private Optional<Outcome> awaitDecision() {
    if (!deskRules) {
      // Runs begun before LaneChanges.DECISION_DESK: the deadline wins a tie with a decision.
      if (!Workflow.await(settings.reviewTimeout(), desk::hasDecision)) {
        desk.close(expiredAt());
        return Optional.empty();
      }
      return Optional.of(applyDecision());
    }
    Promise<?>[] deadline = new Promise<?>[1];
    CancellationScope deadlineTimer =
        Workflow.newCancellationScope(
            () -> deadline[0] = Workflow.newTimer(settings.reviewTimeout()));
    deadlineTimer.run();
    while (true) {
      Workflow.await(() -> desk.hasDecision() || desk.hasRefusals() || deadline[0].isCompleted());
      // A decision accepted before the desk closed is applied, even if the deadline has passed.
      if (desk.hasDecision()) {
        if (!deadline[0].isCompleted()) {
          deadlineTimer.cancel("decided");
        }
        return Optional.of(applyDecision());
      }
      if (deadline[0].isCompleted()) {
        desk.close(expiredAt());
        return Optional.empty();
      }
      noteRefusals();
    }
  }

  private Outcome applyDecision() {
    DecisionDesk.Accepted accepted = desk.take();
    return apply(accepted.decision()).decidedBy(accepted.decision(), accepted.ticket());
  }

  private String expiredAt() {
    return DecisionDesk.expiredAt(reviewDeadlineMillis);
  }

  private Outcome apply(ReviewDecision decision) {
    return switch (decision.parsedAction()) {
      case ADOPT -> newestWins.holdingContact(email, () -> adopt(decision.crmId().trim()));
      case RETRY -> retryWith(decision.properties());
      case DISCARD -> Outcome.discarded(decision.reason());
    };
  }

  private Outcome adopt(String adoptedId) {
    if (crm.findById(adoptedId) == null) {
      return Outcome.refusal(
          reason, "adopt refused: the CRM has no contact " + adoptedId, crmMessage);
    }
    SyncStatus whenWritten =
        reason == ReviewReason.UNRESOLVED_CONFLICT
            ? SyncStatus.RESOLVED_AFTER_409
            : SyncStatus.COMPLETED;
    return writingFreshOnly(() -> updateContact(adoptedId, whenWritten));
  }

  private Outcome retryWith(Map<String, String> corrections) {
    Map<String, String> corrected = new TreeMap<>(properties);
    corrected.putAll(corrections);
    if (corrected.containsKey("email")) {
      email = ContactEvent.normalizeEmail(corrected.remove("email"));
    }
    properties = corrected;
    return newestWins.holdingContact(email, this::upsert);
  }

  private SyncResult settle(Outcome outcome) {
    if (outcome.crmId() != null) {
      crmId = outcome.crmId();
    }
    reason = outcome.reason();
    if (outcome.reason() != ReviewReason.REVIEW_EXPIRED) {
      desk.close("not waiting for a decision: the event is " + outcome.status().code());
    }
    trail.enter(outcome, crmId, crmWrites);
    desk.answer(outcome);
    if (Boolean.TRUE.equals(deskRules)) {
      desk.refuseAll("the event is " + outcome.status().code() + "; nothing waits for a decision");
    }
    // An update handler may still be returning its answer; let it finish before the run closes.
    do {
      Workflow.await(Workflow::isEveryHandlerFinished);
      noteRefusals();
    } while (desk.hasRefusals());
    return new SyncResult(
        event.processingId(), outcome.status(), crmId, outcome.reason(), outcome.describe());
  }

  /**
   * Writes the decision signals the desk refused into the trail, as notes (runs begun before {@link
   * LaneChanges#REFUSAL_NOTES} only logged them). Only the main flow writes the trail, so notes and
   * transitions never share a step number. Notes come after the transition of the same workflow
   * task: a task whose completion the server turns away because a signal arrived meanwhile runs
   * again with that signal, and must write the steps its first attempt already wrote (ledger writes
   * are local activities) before anything new.
   */
  private void noteRefusals() {
    if (!desk.hasRefusals()) {
      return;
    }
    boolean noted = LaneChanges.applies(LaneChanges.REFUSAL_NOTES);
    for (DecisionDesk.Refusal refusal : desk.drainRefusals()) {
      if (noted) {
        trail.note(refusal.actor(), refusal.detail(), crmId, crmWrites);
      }
    }
  }

  @Override
  public SyncResult decide(ReviewDecision decision) {
    int ticket = desk.accept(decision);
    Workflow.await(() -> desk.isAnswered(ticket));
    Outcome outcome = desk.collect(ticket);
    if (outcome.refused()) {
      throw ApplicationFailure.newNonRetryableFailure(outcome.detail(), DECISION_REFUSED);
    }
    return new SyncResult(
        event.processingId(), outcome.status(), crmId, outcome.reason(), outcome.describe());
  }

  @Override
  public void validateDecision(ReviewDecision decision) {
    desk.check(decision, Workflow.currentTimeMillis());
  }

  @Override
  public void decideSignal(ReviewDecision decision) {
    if (!desk.offer(decision, Workflow.currentTimeMillis())) {
      log.warn("refused decision signal {}", decision);
    }
  }

  @Override
  public SyncState state() {
    SyncStatus status = trail == null ? SyncStatus.RECEIVED : trail.current();
    return new SyncState(
        event == null ? null : event.processingId(),
        status,
        email,
        properties,
        crmId,
        status == SyncStatus.MANUAL_REVIEW ? reason : null,
        crmMessage,
        status == SyncStatus.MANUAL_REVIEW ? reviewSinceMillis : 0,
        status == SyncStatus.MANUAL_REVIEW ? reviewDeadlineMillis : 0,
        desk.lastDecision());
  }

  /**
   * The settings this run keeps: recorded in the history at its start, so a worker restarted with
   * other settings replays the run with the ones it began with.
   */
  private LaneSettings settingsForRun() {
    if (!LaneChanges.applies(LaneChanges.SETTINGS_PER_RUN)) {
      // A run this old never had a choice of ordering recorded: it keeps the lane's default.
      return workerSettings.withOrdering(LaneOrdering.NEWEST_WINS);
    }
    LaneSettings offered = workerSettings;
    return Workflow.sideEffect(LaneSettings.class, () -> offered);
  }

  private static Map<String, String> withoutKey(Map<String, String> properties) {
    Map<String, String> copy = new TreeMap<>(properties);
    copy.remove("email");
    return copy;
  }

  private static Set<String> dropped(CrmContact written) {
    return written.droppedProperties() == null ? Set.of() : Set.copyOf(written.droppedProperties());
  }

  /** The typed CRM failure behind an activity failure; anything else is not ours to branch on. */
  private static ApplicationFailure crmFailure(ActivityFailure failure) {
    if (failure.getCause() instanceof ApplicationFailure cause && cause.getType() != null) {
      return cause;
    }
    throw failure;
  }
}
