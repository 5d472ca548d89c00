package dev.oncelane.workers.temporal;

import dev.oncelane.relay.readiness.Readiness;
import dev.oncelane.workers.temporal.NamespaceReport.AttributeProblem;
import dev.oncelane.workers.temporal.NamespaceReport.State;
import dev.oncelane.workflows.visibility.LaneSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.NamespaceState;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceResponse;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that a namespace has what the lane needs before anything depends on it: the namespace
 * exists ({@code DescribeNamespace}) and every search attribute the workflow upserts ({@link
 * LaneSearchAttributes#ALL}) is registered as Keyword ({@code
 * OperatorService.ListSearchAttributes}). Without them every workflow task fails with {@code
 * BadSearchAttributes} and retries for ever, so the worker refuses to start, {@code oncelane dev}
 * registers them, and the relay's {@code /readyz} answers 503 until they exist.
 *
 * <p>Each call is bounded by a short deadline (3 s). A server that cannot list search attributes
 * (the in-memory test server answers {@code UNIMPLEMENTED}; an API key may lack the permission)
 * leaves them unverified: a warning, not a refusal.
 */
public final class NamespaceCheck implements AutoCloseable {

  /** How the worker deals with missing search attributes. */
  public enum Mode {
    /** Refuse to start, naming what is missing and the commands that add it. */
    VERIFY,
    /** Register what is missing (dev mode), then verify. */
    REGISTER_MISSING
  }

  private static final Logger log = LoggerFactory.getLogger(NamespaceCheck.class);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration PAUSE = Duration.ofMillis(500);

  private final WorkflowServiceStubs service;
  private final OperatorServiceStubs operator;
  private final String address;
  private final String namespace;

  /**
   * @param service the connection to check through (its credentials are used)
   * @param address host:port of the frontend, as the printed commands name it
   * @param namespace the namespace the lane runs in
   */
  public NamespaceCheck(WorkflowServiceStubs service, String address, String namespace) {
    this.service = Objects.requireNonNull(service, "service");
    this.address = Objects.requireNonNull(address, "address");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.operator = SearchAttributeRegistrar.operatorStubs(service);
  }

  /** The names of the lane's search attributes, all Keyword. */
  public static List<String> attributeNames() {
    return LaneSearchAttributes.ALL.stream().map(SearchAttributeKey::getName).toList();
  }

  /** Checks once, now; never throws. */
  public NamespaceReport check() {
    try {
      DescribeNamespaceResponse described =
          service
              .blockingStub()
              .withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .describeNamespace(
                  DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
      if (described.getNamespaceInfo().getState() == NamespaceState.NAMESPACE_STATE_DELETED) {
        return NamespaceReport.problem(
            address, namespace, State.NAMESPACE_MISSING, "the namespace is being deleted");
      }
    } catch (StatusRuntimeException e) {
      return failed(e, "DescribeNamespace");
    }
    ListSearchAttributesResponse listed;
    try {
      listed =
          operator
              .blockingStub()
              .withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build());
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.UNIMPLEMENTED || code == Status.Code.PERMISSION_DENIED) {
        return NamespaceReport.ready(
            address,
            namespace,
            List.of(
                "could not list the namespace's search attributes ("
                    + code
                    + "); "
                    + String.join(", ", attributeNames())
                    + " are not verified"));
      }
      return failed(e, "ListSearchAttributes");
    }
    List<AttributeProblem> problems = attributeProblems(listed.getCustomAttributesMap());
    return problems.isEmpty()
        ? NamespaceReport.ready(address, namespace, List.of())
        : NamespaceReport.attributesMissing(address, namespace, problems);
  }

  /** {@link #check()} as the relay's {@code /readyz} answers it. */
  public Readiness readiness() {
    return check().toReadiness();
  }

  /**
   * What the worker runs before it polls: waits up to {@code reachWithin} for the frontend to
   * answer, registers missing search attributes when {@code mode} allows, and checks.
   *
   * @return the report, ready (possibly with warnings, which are logged)
   * @throws NamespaceNotReady when the namespace lacks what the lane needs, or the frontend did not
   *     answer in time
   */
  public NamespaceReport require(Mode mode, Duration reachWithin) {
    Instant deadline = Instant.now().plus(reachWithin);
    NamespaceReport report = check();
    while (report.state() == State.UNREACHABLE && Instant.now().isBefore(deadline)) {
      pause();
      report = check();
    }
    if (mode == Mode.REGISTER_MISSING && report.state() == State.ATTRIBUTES_MISSING) {
      List<String> absent =
          report.attributes().stream()
              .filter(AttributeProblem::absent)
              .map(AttributeProblem::name)
              .toList();
      if (!absent.isEmpty()) {
        log.info("registering search attributes {} on namespace {}", absent, namespace);
        SearchAttributeRegistrar.register(operator, namespace, absent);
        report = awaitVisible(deadline.plus(Duration.ofSeconds(10)));
      }
    }
    if (mode == Mode.REGISTER_MISSING && report.ready() && !report.warnings().isEmpty()) {
      // A server that cannot list them (the in-memory one) still takes a registration.
      SearchAttributeRegistrar.register(operator, namespace, attributeNames());
      report = NamespaceReport.ready(address, namespace, List.of());
    }
    if (!report.ready()) {
      throw new NamespaceNotReady(report);
    }
    report.warnings().forEach(warning -> log.warn("namespace {}: {}", namespace, warning));
    return report;
  }

  /** Checks until attributes just added are listed (the frontend caches them briefly). */
  private NamespaceReport awaitVisible(Instant deadline) {
    NamespaceReport report = check();
    while (report.state() == State.ATTRIBUTES_MISSING && Instant.now().isBefore(deadline)) {
      pause();
      report = check();
    }
    return report;
  }

  private NamespaceReport failed(StatusRuntimeException e, String call) {
    Status status = e.getStatus();
    String what = call + " answered " + status.getCode() + ": " + status.getDescription();
    return switch (status.getCode()) {
      case NOT_FOUND ->
          NamespaceReport.problem(
              address,
              namespace,
              State.NAMESPACE_MISSING,
              "the namespace does not exist (" + what + ")");
      case PERMISSION_DENIED, UNAUTHENTICATED ->
          NamespaceReport.problem(
              address,
              namespace,
              State.ACCESS_DENIED,
              "the credentials were refused (" + what + ")");
      default ->
          NamespaceReport.problem(
              address, namespace, State.UNREACHABLE, "Temporal did not answer (" + what + ")");
    };
  }

  private static List<AttributeProblem> attributeProblems(Map<String, IndexedValueType> custom) {
    List<AttributeProblem> problems = new ArrayList<>();
    for (String name : attributeNames()) {
      IndexedValueType type = custom.get(name);
      if (type == null) {
        problems.add(new AttributeProblem(name, null));
      } else if (type != IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD) {
        problems.add(new AttributeProblem(name, typeName(type)));
      }
    }
    return problems;
  }

  /** {@code INDEXED_VALUE_TYPE_KEYWORD_LIST} → {@code KeywordList}, as the CLI spells types. */
  static String typeName(IndexedValueType type) {
    StringBuilder name = new StringBuilder();
    for (String word : type.name().replace("INDEXED_VALUE_TYPE_", "").split("_")) {
      name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return name.toString();
  }

  private static void pause() {
    try {
      Thread.sleep(PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the namespace", e);
    }
  }

  /** Releases the operator stubs; the shared connection stays open. */
  @Override
  public void close() {
    operator.shutdown();
  }
}
