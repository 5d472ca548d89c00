package dev.oncelane.workers.bench.load;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bare workflow's worker, in the bench's own JVM with default worker options (as the lane's
 * worker has), and its saturation run: workflows started with {@link WorkflowClient#start} from as
 * many threads as the relay sender uses.
 */
final class BareLane implements AutoCloseable {

  private final WorkflowClient client;
  private final WorkerFactory factory;

  BareLane(WorkflowClient client) {
    this.client = client;
    this.factory = WorkerFactory.newInstance(client);
    var worker = factory.newWorker(BareWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(BareWorkflow.Impl.class);
    worker.registerActivitiesImplementations(new BareActivity.Impl());
    factory.start();
  }

  /**
   * Starts {@code count} bare workflows as fast as the server takes them and waits for all to end.
   * Latency is from a workflow's start call to its end as this client sees it.
   */
  Saturation saturate(String idPrefix, int count, int senders, Duration deadline)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    long first = System.nanoTime();
    double[] latenciesMs = new double[count];
    long[] ends = new long[count];
    try {
      List<Future<CompletableFuture<Void>>> started = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        started.add(
            pool.submit(
                () -> {
                  BareWorkflow workflow =
                      client.newWorkflowStub(
                          BareWorkflow.class,
                          WorkflowOptions.newBuilder()
                              .setWorkflowId(idPrefix + index)
                              .setTaskQueue(BareWorkflow.TASK_QUEUE)
                              .build());
                  long begun = System.nanoTime();
                  WorkflowClient.start(workflow::run);
                  return WorkflowStub.fromTyped(workflow)
                      .getResultAsync(Void.class)
                      .whenComplete(
                          (ignored, failure) -> {
                            ends[index] = System.nanoTime();
                            latenciesMs[index] = (ends[index] - begun) / 1e6;
                          });
                }));
      }
      List<CompletableFuture<Void>> results = new ArrayList<>();
      for (Future<CompletableFuture<Void>> start : started) {
        results.add(start.get());
      }
      int unfinished = 0;
      long deadlineNanos = System.nanoTime() + deadline.toNanos();
      for (CompletableFuture<Void> result : results) {
        try {
          result.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
          unfinished++;
        }
      }
      long last = 0;
      for (long end : ends) {
        last = Math.max(last, end);
      }
      return new Saturation(
          "bare",
          count,
          Stats.perSecond(count - unfinished, last - first),
          Stats.percentile(latenciesMs, 50),
          Stats.percentile(latenciesMs, 95),
          unfinished);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a bare workflow could not be started", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  @Override
  public void close() {
    factory.shutdownNow();
    factory.awaitTermination(10, TimeUnit.SECONDS);
  }
}
