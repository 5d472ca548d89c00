package dev.oncelane.workers.temporal;

import dev.oncelane.relay.RejectionReason;
import dev.oncelane.relay.readiness.Readiness;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link NamespaceCheck} found on a namespace, with the commands that fix it.
 *
 * @param address the Temporal frontend, host:port, as the commands name it
 * @param namespace the namespace checked
 * @param state the verdict
 * @param detail one sentence on what is wrong, null when ready
 * @param attributes the lane's search attributes that are missing or have the wrong type
 * @param warnings what could not be verified (e.g. a server without ListSearchAttributes), which
 *     does not keep the lane from running
 */
public record NamespaceReport(
    String address,
    String namespace,
    State state,
    String detail,
    List<AttributeProblem> attributes,
    List<String> warnings) {

  /** The verdict of one check. */
  public enum State {
    /** The lane can run. */
    READY,
    /** The frontend did not answer: transient, nothing to fix in the namespace. */
    UNREACHABLE,
    /** The namespace does not exist. */
    NAMESPACE_MISSING,
    /** The credentials were refused or may not use the namespace. */
    ACCESS_DENIED,
    /** One or more of the lane's search attributes are missing or not Keyword. */
    ATTRIBUTES_MISSING
  }

  /**
   * One of the lane's search attributes that is not usable.
   *
   * @param name e.g. {@code OncelaneStatus}
   * @param registeredAs the type it is registered with (e.g. {@code Text}), or null when it is not
   *     registered at all
   */
  public record AttributeProblem(String name, String registeredAs) {

    /** Whether registering it would fix it (it is absent, not registered with another type). */
    public boolean absent() {
      return registeredAs == null;
    }

    @Override
    public String toString() {
      return absent()
          ? "search attribute " + name + " is not registered"
          : "search attribute "
              + name
              + " is registered as "
              + registeredAs
              + "; the lane needs Keyword";
    }
  }

  public NamespaceReport {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(state, "state");
    attributes = List.copyOf(attributes);
    warnings = List.copyOf(warnings);
  }

  static NamespaceReport ready(String address, String namespace, List<String> warnings) {
    return new NamespaceReport(address, namespace, State.READY, null, List.of(), warnings);
  }

  static NamespaceReport problem(String address, String namespace, State state, String detail) {
    return new NamespaceReport(address, namespace, state, detail, List.of(), List.of());
  }

  static NamespaceReport attributesMissing(
      String address, String namespace, List<AttributeProblem> attributes) {
    return new NamespaceReport(
        address,
        namespace,
        State.ATTRIBUTES_MISSING,
        "the namespace lacks search attributes the lane upserts: "
            + String.join(", ", attributes.stream().map(AttributeProblem::name).toList()),
        attributes,
        List.of());
  }

  public boolean ready() {
    return state == State.READY;
  }

  /** Names of what is missing: the namespace, or the attributes; empty when ready. */
  public List<String> missing() {
    return switch (state) {
      case NAMESPACE_MISSING -> List.of("namespace " + namespace);
      case ATTRIBUTES_MISSING -> attributes.stream().map(AttributeProblem::name).toList();
      default -> List.of();
    };
  }

  /**
   * The {@code temporal} CLI commands that fix it, in order; empty when ready or when no command
   * can (unreachable, refused credentials). Add {@code --api-key} or the TLS flags when the
   * frontend needs them.
   */
  public List<String> commands() {
    List<String> commands = new ArrayList<>();
    String target = " --address " + address + " --namespace " + namespace;
    if (state == State.NAMESPACE_MISSING) {
      commands.add("temporal operator namespace create" + target + " --retention 72h");
      for (String name : NamespaceCheck.attributeNames()) {
        commands.add(createAttribute(target, name));
      }
    } else if (state == State.ATTRIBUTES_MISSING) {
      for (AttributeProblem problem : attributes) {
        if (!problem.absent()) {
          commands.add(
              "temporal operator search-attribute remove"
                  + target
                  + " --name "
                  + problem.name()
                  + " --yes");
        }
        commands.add(createAttribute(target, problem.name()));
      }
    }
    return commands;
  }

  private static String createAttribute(String target, String name) {
    return "temporal operator search-attribute create"
        + target
        + " --name "
        + name
        + " --type Keyword";
  }

  /** The operator's text: what is wrong and how to fix it, several lines. */
  public String describe() {
    if (ready()) {
      return "namespace " + namespace + " at " + address + " has what the lane needs";
    }
    StringBuilder text = new StringBuilder();
    text.append("oncelane cannot run on namespace ")
        .append(namespace)
        .append(" at ")
        .append(address)
        .append(": ")
        .append(detail)
        .append('\n');
    for (AttributeProblem problem : attributes) {
      text.append("  - ").append(problem).append('\n');
    }
    List<String> commands = commands();
    if (!commands.isEmpty()) {
      text.append("Fix it with these commands, then start again:\n");
      commands.forEach(command -> text.append("  ").append(command).append('\n'));
    } else if (state == State.ACCESS_DENIED) {
      text.append(
          "Check TEMPORAL_API_KEY or the TLS client certificate, and that they may use this"
              + " namespace.\n");
    }
    return text.toString().stripTrailing();
  }

  /** As the relay's {@code /readyz} answers it. */
  public Readiness toReadiness() {
    if (ready()) {
      return Readiness.ready();
    }
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("namespace", namespace);
    facts.put("missing", missing());
    facts.put("commands", commands());
    RejectionReason reason =
        state == State.UNREACHABLE
            ? RejectionReason.TEMPORAL_UNAVAILABLE
            : RejectionReason.LANE_MISCONFIGURED;
    return Readiness.notReady(reason, "The lane cannot run: " + detail, facts);
  }
}
