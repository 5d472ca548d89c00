package dev.oncelane.workflows.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CrmBudgetPlanTest {

  @Test
  void theWorstTenSecondsStayUnderNinetyPercentOfEveryBudgetBurstIncluded() {
    for (int budget = CrmBudgetPlan.MIN_BUDGET_PER_10S; budget <= 2_000; budget++) {
      CrmBudgetPlan plan = CrmBudgetPlan.forBudget(budget);
      assertTrue(
          plan.worstRequestsPer10s() <= budget * 0.9 + 1e-9,
          budget + ": " + plan.worstRequestsPer10s());
      assertTrue(plan.permitsPerSecond() > 0, budget + ": " + plan);
      // Sustained, the plan uses at least half of any budget of 20 or more (the burst's fixed
      // share weighs on smaller ones).
      assertTrue(
          budget < 20 || plan.permitsPerSecond() * plan.requestsPerPermit() * 10 >= budget * 0.5,
          budget + ": " + plan);
    }
  }

  @Test
  void hubSpotsProfessionalLimitGetsFiveRequestsPerPermitAndAStarvedOneSingleRequests() {
    CrmBudgetPlan professional = CrmBudgetPlan.forBudget(190);
    assertEquals(5, professional.requestsPerPermit());
    assertTrue(professional.permitsPerSecond() < 3, "few permits for Temporal to run");
    assertEquals(1, CrmBudgetPlan.forBudget(20).requestsPerPermit());
  }

  @Test
  void aBudgetTooSmallToKeepIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> CrmBudgetPlan.forBudget(9));
  }
}
