package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.onnxruntime.OrtEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batcher over real ONNX Runtime sessions; a gate holds the first call to let a queue form. */
class DynamicBatcherTest {
  @TempDir Path dir;
  private final ModelLoader loader = new ModelLoader(OrtEnvironment.getEnvironment(), 1);
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private final ServerMetrics metrics = new ServerMetrics(() -> true, () -> false);
  private final ModelEntry entry = new ModelEntry("m", "1", Path.of("unused"));
  private final CountDownLatch gate = new CountDownLatch(1);
  private final List<Integer> callRows = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    gate.countDown();
    threads.shutdownNow();
    timers.shutdownNow();
    metrics.close();
  }

  /** Runs on the model, holding the first call until the gate opens. */
  private DynamicBatcher.Runner gated(LoadedModel model) {
    return r -> {
      callRows.add(BatchMerge.rows(r));
      if (callRows.size() == 1) {
        gate.await(30, TimeUnit.SECONDS);
      }
      return model.run(r);
    };
  }

  private DynamicBatcher batcher(LoadedModel model, BatchSettings s, int slots) {
    return new DynamicBatcher(entry, s, slots, gated(model), threads, timers, metrics);
  }

  /** A request for the all-types model with {@code rows} rows of random values. */
  static InferenceRequest allTypes(Random rnd, int rows) {
    float[] f32 = new float[rows * 3];
    double[] f64 = new double[rows * 2];
    int[] i32 = new int[rows];
    long[] i64 = new long[rows * 2];
    boolean[] flag = new boolean[rows];
    String[] text = new String[rows];
    for (int i = 0; i < f32.length; i++) {
      f32[i] = rnd.nextFloat() * 1000 - 500;
    }
    for (int i = 0; i < f64.length; i++) {
      f64[i] = rnd.nextGaussian();
    }
    for (int i = 0; i < rows; i++) {
      i32[i] = rnd.nextInt();
      flag[i] = rnd.nextBoolean();
      text[i] = "row-" + rnd.nextInt(1000) + "-é";
    }
    for (int i = 0; i < i64.length; i++) {
      i64[i] = rnd.nextLong();
    }
    return new InferenceRequest(
        null,
        List.of(
            new Tensor("f32", Datatype.FP32, new long[] {rows, 3}, f32),
            new Tensor("f64", Datatype.FP64, new long[] {rows, 2}, f64),
            new Tensor("i32", Datatype.INT32, new long[] {rows}, i32),
            new Tensor("i64", Datatype.INT64, new long[] {rows, 2}, i64),
            new Tensor("flag", Datatype.BOOL, new long[] {rows}, flag),
            new Tensor("text", Datatype.BYTES, new long[] {rows}, text)),
        List.of());
  }

  static void assertSameTensors(List<Tensor> actual, List<Tensor> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      Tensor a = actual.get(i);
      Tensor e = expected.get(i);
      assertThat(a.name()).isEqualTo(e.name());
      assertThat(a.datatype()).isEqualTo(e.datatype());
      assertThat(a.shape()).isEqualTo(e.shape());
      // Arrays.deepEquals compares floats and doubles by their bits.
      assertThat(Arrays.deepEquals(new Object[] {a.data()}, new Object[] {e.data()}))
          .as("data of %s", e.name())
          .isTrue();
    }
  }

  @Test
  void requestsQueuedBehindARunningCallAreMergedIntoOneCallWithTheSameAnswersBitForBit()
      throws Exception {
    try (LoadedModel model = loader.load(TestModels.allTypes(dir.resolve("t.onnx")))) {
      DynamicBatcher b = batcher(model, new BatchSettings(64, Duration.ZERO, 100), 1);
      Random rnd = new Random(7);
      int[] rows = {1, 3, 2, 1, 5, 1};
      List<InferenceRequest> requests = new ArrayList<>();
      List<CompletableFuture<List<Tensor>>> results = new ArrayList<>();
      for (int r : rows) {
        InferenceRequest req = allTypes(rnd, r);
        requests.add(req);
        results.add(b.submit(req));
        if (results.size() == 1) {
          await().until(() -> callRows.size() == 1);
        }
      }
      assertThat(b.queueLength()).isEqualTo(5);
      gate.countDown();
      for (int i = 0; i < rows.length; i++) {
        assertSameTensors(results.get(i).get(30, TimeUnit.SECONDS), model.run(requests.get(i)));
      }
      assertThat(callRows).containsExactly(1, 12);
    }
  }

  @Test
  void aBatchNeverExceedsTheMaximumRows() throws Exception {
    try (LoadedModel model = loader.load(TestModels.allTypes(dir.resolve("t.onnx")))) {
      DynamicBatcher b = batcher(model, new BatchSettings(4, Duration.ZERO, 100), 1);
      Random rnd = new Random(3);
      List<CompletableFuture<List<Tensor>>> results = new ArrayList<>();
      results.add(b.submit(allTypes(rnd, 1)));
      await().until(() -> callRows.size() == 1);
      for (int r : new int[] {2, 2, 3, 1, 6}) {
        results.add(b.submit(allTypes(rnd, r)));
      }
      gate.countDown();
      for (CompletableFuture<List<Tensor>> f : results) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertThat(callRows).containsExactly(1, 4, 4, 6);
    }
  }

  @Test
  void aFullQueueIsRefusedWith503AndTheQueuedRequestsStillComplete() throws Exception {
    try (LoadedModel model = loader.load(TestModels.allTypes(dir.resolve("t.onnx")))) {
      DynamicBatcher b = batcher(model, new BatchSettings(8, Duration.ZERO, 2), 1);
      Random rnd = new Random(1);
      CompletableFuture<List<Tensor>> first = b.submit(allTypes(rnd, 1));
      await().until(() -> callRows.size() == 1);
      CompletableFuture<List<Tensor>> second = b.submit(allTypes(rnd, 1));
      CompletableFuture<List<Tensor>> third = b.submit(allTypes(rnd, 1));
      assertThatThrownBy(() -> b.submit(allTypes(rnd, 1)))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503))
          .hasMessageContaining("batch queue is full (2 requests waiting)");
      gate.countDown();
      first.get(30, TimeUnit.SECONDS);
      second.get(30, TimeUnit.SECONDS);
      third.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void whenTheMergedCallFailsEachRequestRunsAloneAndGetsItsOwnAnswer() throws Exception {
    // This model only works with one row, so the merged call fails in the runtime.
    try (LoadedModel model = loader.load(TestModels.reshapeToOne(dir.resolve("r.onnx")))) {
      DynamicBatcher b = batcher(model, new BatchSettings(8, Duration.ZERO, 10), 1);
      List<CompletableFuture<List<Tensor>>> results = new ArrayList<>();
      for (float v : new float[] {1, 2, 3}) {
        InferenceRequest r =
            new InferenceRequest(
                null,
                List.of(new Tensor("x", Datatype.FP32, new long[] {1}, new float[] {v})),
                List.of());
        results.add(b.submit(r));
        if (results.size() == 1) {
          await().until(() -> callRows.size() == 1);
        }
      }
      gate.countDown();
      for (int i = 0; i < 3; i++) {
        assertThat((float[]) results.get(i).get(30, TimeUnit.SECONDS).get(0).data())
            .containsExactly(i + 1f);
      }
      assertThat(callRows).containsExactly(1, 2, 1, 1);
    }
  }

  @Test
  void submittingNeverRunsTheModelOnTheSubmittingThread() throws Exception {
    try (LoadedModel model = loader.load(TestModels.allTypes(dir.resolve("t.onnx")))) {
      // The gate holds the first call: were it run by the submitter, submit() would not return.
      DynamicBatcher b = batcher(model, new BatchSettings(8, Duration.ZERO, 10), 1);
      CompletableFuture<List<Tensor>> first = b.submit(allTypes(new Random(2), 2));
      assertThat(first).isNotDone();
      // While the only slot is busy, requests queue and then share one call.
      CompletableFuture<List<Tensor>> second = b.submit(allTypes(new Random(3), 1));
      CompletableFuture<List<Tensor>> third = b.submit(allTypes(new Random(4), 3));
      gate.countDown();
      first.get(30, TimeUnit.SECONDS);
      second.get(30, TimeUnit.SECONDS);
      third.get(30, TimeUnit.SECONDS);
      assertThat(callRows).containsExactly(2, 4);
    }
  }

  @Test
  void aRequestToAnIdleModelStartsAtOnceOnABatchThread() throws Exception {
    try (LoadedModel model = loader.load(TestModels.allTypes(dir.resolve("t.onnx")))) {
      gate.countDown();
      List<String> threadsSeen = new CopyOnWriteArrayList<>();
      DynamicBatcher b =
          new DynamicBatcher(
              entry,
              // The longest delay there is: an idle model must not wait for it.
              new BatchSettings(8, Duration.ofSeconds(1), 10),
              1,
              r -> {
                threadsSeen.add(Thread.currentThread().getName());
                return model.run(r);
              },
              threads,
              timers,
              metrics);
      b.submit(allTypes(new Random(2), 2)).get(30, TimeUnit.SECONDS);
      assertThat(threadsSeen).hasSize(1).doesNotContain(Thread.currentThread().getName());
      assertThat(
              PrometheusText.value(
                  metrics.scrape(), "aviary_batch_queue_duration_seconds_max{model=\"m\""))
          .isLessThan(1.0);
    }
  }

  @Test
  void concurrentRaggedSubmissionsGetTheSameAnswersAsSingleCalls() throws Exception {
    try (LoadedModel model = loader.load(TestModels.allTypes(dir.resolve("t.onnx")))) {
      gate.countDown();
      DynamicBatcher b = batcher(model, new BatchSettings(16, Duration.ofNanos(200_000), 1000), 2);
      ExecutorService clients = Executors.newFixedThreadPool(8);
      try {
        List<CompletableFuture<Void>> checks = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
          Random rnd = new Random(c);
          checks.add(
              CompletableFuture.runAsync(
                  () -> {
                    for (int i = 0; i < 25; i++) {
                      InferenceRequest req = allTypes(rnd, 1 + rnd.nextInt(4));
                      try {
                        assertSameTensors(b.submit(req).get(30, TimeUnit.SECONDS), model.run(req));
                      } catch (Exception e) {
                        throw new AssertionError(e);
                      }
                    }
                  },
                  clients));
        }
        CompletableFuture.allOf(checks.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
      } finally {
        clients.shutdownNow();
      }
      assertThat(callRows.stream().mapToInt(Integer::intValue).sum()).isPositive();
      assertThat(metrics.scrape()).contains("aviary_batch_size_count{model=\"m\",version=\"1\"}");
    }
  }
}
