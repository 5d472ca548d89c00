package dev.oncelane.workers.imports;

import dev.oncelane.activities.imports.ImportProgress;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * An import's progress drawn with {@code me.tongfei:progressbar}: percent, settled events of all (a
 * repeated row is one event), elapsed / time left, events per second, then the counts, e.g. {@code
 * 42% [====> ] 4200/10000 (0:01:10 / 0:01:36) 60.0/s · done 4150 · failed 12 · review 38}.
 *
 * <p>On a terminal it redraws one line in place a few times a second; otherwise (a pipe, a CI log)
 * it prints a line every {@link #LOG_INTERVAL}, so logs stay readable. Rate and time left count
 * from when this view started, so a re-attached view is not flattered by work done before it.
 */
public final class ImportProgressBar implements AutoCloseable {

  /** How often a line is printed when the output is not a terminal. */
  public static final Duration LOG_INTERVAL = Duration.ofSeconds(5);

  private final ProgressBar bar;

  private ImportProgressBar(ProgressBar bar) {
    this.bar = bar;
  }

  /** A bar redrawn in place on {@code terminal}. */
  public static ImportProgressBar onTerminal(ImportProgress start, PrintStream terminal) {
    return new ImportProgressBar(
        builder(start).setConsumer(new ConsoleProgressBarConsumer(terminal)).build());
  }

  /** A line every {@link #LOG_INTERVAL} (and at the end) on {@code out}. */
  public static ImportProgressBar asLines(ImportProgress start, PrintWriter out) {
    return new ImportProgressBar(
        builder(start)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis((int) LOG_INTERVAL.toMillis())
            .setConsumer(
                new DelegatingProgressBarConsumer(
                    line -> {
                      out.println(line);
                      out.flush();
                    }))
            .build());
  }

  private static ProgressBarBuilder builder(ImportProgress start) {
    return new ProgressBarBuilder()
        // Short enough that an 80-column terminal still has room for the bar.
        .setTaskName("")
        .setInitialMax(start.events())
        .showSpeed(new DecimalFormat("0.0"))
        .setSpeedUnit(ChronoUnit.SECONDS)
        .startsFrom(start.settled(), Duration.ZERO);
  }

  /** Shows {@code progress}. */
  public void show(ImportProgress progress) {
    bar.maxHint(progress.events());
    bar.stepTo(progress.settled());
    bar.setExtraMessage(" · " + counts(progress));
  }

  /** {@code done 4150 · failed 12 · review 38}, and discarded when there are any. */
  public static String counts(ImportProgress progress) {
    return "done "
        + progress.completed()
        + " · failed "
        + progress.failed()
        + " · review "
        + progress.inReview()
        + (progress.discarded() > 0 ? " · discarded " + progress.discarded() : "");
  }

  /** Draws the last state and stops redrawing. */
  @Override
  public void close() {
    bar.close();
  }
}
