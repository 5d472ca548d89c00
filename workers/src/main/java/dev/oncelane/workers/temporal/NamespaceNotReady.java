package dev.oncelane.workers.temporal;

/** The namespace lacks what the lane needs; the report says what and how to fix it. */
public final class NamespaceNotReady extends RuntimeException {

  private final NamespaceReport report;

  public NamespaceNotReady(NamespaceReport report) {
    super(report.describe());
    this.report = report;
  }

  public NamespaceReport report() {
    return report;
  }
}
