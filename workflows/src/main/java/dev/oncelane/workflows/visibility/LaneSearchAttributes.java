package dev.oncelane.workflows.visibility;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * The search attributes each contact-sync workflow keeps current, so the Web UI and {@code temporal
 * workflow list} can find e.g. the review queue: {@code OncelaneStatus="manual_review"}. They must
 * be registered on the namespace (all Keyword).
 */
public final class LaneSearchAttributes {

  public static final SearchAttributeKey<String> STATUS =
      SearchAttributeKey.forKeyword("OncelaneStatus");
  public static final SearchAttributeKey<String> REASON =
      SearchAttributeKey.forKeyword("OncelaneReason");
  public static final SearchAttributeKey<String> SOURCE =
      SearchAttributeKey.forKeyword("OncelaneSource");

  public static final List<SearchAttributeKey<String>> ALL = List.of(STATUS, REASON, SOURCE);

  private LaneSearchAttributes() {}
}
