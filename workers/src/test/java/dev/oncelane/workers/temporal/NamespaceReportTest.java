package dev.oncelane.workers.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.relay.RejectionReason;
import dev.oncelane.relay.readiness.Readiness;
import dev.oncelane.workers.temporal.NamespaceReport.AttributeProblem;
import dev.oncelane.workers.temporal.NamespaceReport.State;
import io.temporal.api.enums.v1.IndexedValueType;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespaceReportTest {

  private static final String ADDRESS = "temporal:7233";

  @Test
  void missingAttributesPrintOneCreateCommandEachWithAddressAndNamespace() {
    NamespaceReport report =
        NamespaceReport.attributesMissing(
            ADDRESS,
            "oncelane",
            List.of(
                new AttributeProblem("OncelaneStatus", null),
                new AttributeProblem("OncelaneSource", null)));

    assertEquals(
        List.of(
            "temporal operator search-attribute create --address temporal:7233 --namespace"
                + " oncelane --name OncelaneStatus --type Keyword",
            "temporal operator search-attribute create --address temporal:7233 --namespace"
                + " oncelane --name OncelaneSource --type Keyword"),
        report.commands());
    String text = report.describe();
    assertTrue(text.contains("search attribute OncelaneStatus is not registered"), text);
    assertTrue(text.contains(report.commands().get(1)), text);
  }

  @Test
  void anAttributeOfTheWrongTypeIsRemovedThenCreatedAgain() {
    NamespaceReport report =
        NamespaceReport.attributesMissing(
            ADDRESS, "default", List.of(new AttributeProblem("OncelaneReason", "Text")));

    assertEquals(2, report.commands().size());
    assertTrue(report.commands().get(0).startsWith("temporal operator search-attribute remove"));
    assertTrue(report.describe().contains("registered as Text; the lane needs Keyword"));
  }

  @Test
  void aMissingNamespaceIsCreatedFirstThenItsAttributes() {
    NamespaceReport report =
        NamespaceReport.problem(ADDRESS, "prod", State.NAMESPACE_MISSING, "it does not exist");

    assertEquals(
        "temporal operator namespace create --address temporal:7233 --namespace prod"
            + " --retention 72h",
        report.commands().get(0));
    assertEquals(1 + NamespaceCheck.attributeNames().size(), report.commands().size());
    assertEquals(List.of("namespace prod"), report.missing());
  }

  @Test
  void readinessIsMisconfiguredForAMissingSetUpAndUnavailableForASilentServer() {
    Readiness missing =
        NamespaceReport.attributesMissing(
                ADDRESS, "default", List.of(new AttributeProblem("OncelaneStatus", null)))
            .toReadiness();
    Readiness silent =
        NamespaceReport.problem(ADDRESS, "default", State.UNREACHABLE, "no answer").toReadiness();

    assertEquals(RejectionReason.LANE_MISCONFIGURED, missing.reason());
    assertEquals(List.of("OncelaneStatus"), missing.facts().get("missing"));
    assertEquals(RejectionReason.TEMPORAL_UNAVAILABLE, silent.reason());
    assertTrue(NamespaceReport.ready(ADDRESS, "default", List.of()).toReadiness().isReady());
  }

  @Test
  void typesAreSpelledAsTheCliSpellsThem() {
    assertEquals(
        "KeywordList", NamespaceCheck.typeName(IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST));
    assertEquals("Text", NamespaceCheck.typeName(IndexedValueType.INDEXED_VALUE_TYPE_TEXT));
  }
}
