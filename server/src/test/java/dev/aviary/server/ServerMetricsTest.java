package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {
  private final ServerMetrics metrics = new ServerMetrics(() -> true, () -> false);

  @Test
  void queueGaugesKeepReadingTheirQueueAfterGarbageCollection() throws Exception {
    java.util.concurrent.ConcurrentLinkedQueue<String> payloads =
        new java.util.concurrent.ConcurrentLinkedQueue<>(List.of("a", "b"));
    java.util.concurrent.ConcurrentLinkedQueue<String> batch =
        new java.util.concurrent.ConcurrentLinkedQueue<>(List.of("r"));
    // Method references as the server passes them: nothing but the gauge holds them.
    metrics.payloadLogQueue(payloads::size);
    metrics.batchQueue("fraud", "2", batch::size);
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(20);
    }
    String text = metrics.scrape();
    assertThat(text)
        .contains("aviary_payload_log_queue_length 2.0")
        .contains("aviary_batch_queue_length{model=\"fraud\",version=\"2\"} 1.0")
        .doesNotContain("NaN\n");
  }

  @Test
  void classLabelsAreCappedSoARunawayOutputCannotExplodeTheSeries() {
    String[] labels = new String[100];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = "c" + i;
    }
    metrics.predictions(
        "m", "1", List.of(new Tensor("label", Datatype.BYTES, new long[] {100}, labels)));
    String text = metrics.scrape();
    long series = text.lines().filter(l -> l.startsWith("aviary_predictions_total{")).count();
    assertThat(series).isEqualTo(ServerMetrics.MAX_CLASSES + 1);
    assertThat(text)
        .contains(
            "aviary_predictions_total{class=\"other\",model=\"m\",output=\"label\",version=\"1\"}"
                + " 36.0");
  }

  @Test
  void probabilityTensorsWithoutClassNamesCountTheMostProbableColumnPerRow() {
    metrics.predictions(
        "fraud",
        "3",
        List.of(
            new Tensor(
                "output",
                Datatype.FP32,
                new long[] {3, 2},
                new float[] {0.9f, 0.1f, 0.2f, 0.8f, 0.7f, 0.3f})));
    String text = metrics.scrape();
    assertThat(text)
        .contains(
            "aviary_predictions_total{class=\"0\",model=\"fraud\",output=\"output\",version=\"3\"}"
                + " 2.0")
        .contains(
            "aviary_predictions_total{class=\"1\",model=\"fraud\",output=\"output\",version=\"3\"}"
                + " 1.0")
        .contains(
            "aviary_prediction_probability_count{class=\"0\",model=\"fraud\",output=\"output\",version=\"3\"}"
                + " 3")
        .contains(
            "aviary_prediction_value_count{model=\"fraud\",output=\"output\",version=\"3\"} 6");
  }

  @Test
  void scoresThatAreNotProbabilitiesCountNoClasses() {
    metrics.predictions(
        "m",
        "1",
        List.of(new Tensor("y", Datatype.FP32, new long[] {1, 2}, new float[] {2.5f, -1f})));
    assertThat(metrics.scrape()).doesNotContain("aviary_predictions_total{");
  }

  @Test
  void valueHistogramsKeepNegativeValuesInTheirOwnBuckets() {
    metrics.predictions(
        "m",
        "2",
        List.of(new Tensor("y", Datatype.FP64, new long[] {3}, new double[] {-50, 0.55, 3000})));
    String text = metrics.scrape();
    assertThat(text)
        .contains(
            "aviary_prediction_value_bucket{model=\"m\",output=\"y\",version=\"2\",le=\"-100.0\"}"
                + " 0")
        .contains(
            "aviary_prediction_value_bucket{model=\"m\",output=\"y\",version=\"2\",le=\"-10.0\"} 1")
        .contains(
            "aviary_prediction_value_bucket{model=\"m\",output=\"y\",version=\"2\",le=\"0.6\"} 2")
        .contains(
            "aviary_prediction_value_bucket{model=\"m\",output=\"y\",version=\"2\",le=\"+Inf\"} 3");
  }

  @Test
  void unusualHttpMethodsShareOneLabelValue() {
    metrics.httpRequest("unmatched", "BREW", 405, 1000);
    metrics.httpRequest("unmatched", "XYZZY", 405, 1000);
    assertThat(metrics.scrape())
        .contains(
            "aviary_http_server_requests_seconds_count{method=\"other\",route=\"unmatched\",status=\"405\"}"
                + " 2")
        .doesNotContain("BREW");
  }

  @Test
  void latencyBucketsCountSubMillisecondRequests() {
    metrics.inference("m", "1", "success", 200_000);
    assertThat(metrics.scrape())
        .contains(
            "aviary_inference_duration_seconds_bucket{model=\"m\",version=\"1\",le=\"5.0E-4\"} 1");
  }

  @Test
  void probabilityMapsAreRecordedPerClass() {
    metrics.predictions(
        "m",
        "1",
        List.of(
            new Tensor(
                "p",
                Datatype.FP32,
                new long[] {2, 2},
                new float[] {0.15f, 0.85f, 0.95f, 0.05f},
                List.of(0L, 1L))));
    String text = metrics.scrape();
    assertThat(text)
        .contains(
            "aviary_prediction_probability_bucket{class=\"1\",model=\"m\",output=\"p\",version=\"1\",le=\"0.1\"}"
                + " 1")
        .contains(
            "aviary_prediction_probability_count{class=\"0\",model=\"m\",output=\"p\",version=\"1\"}"
                + " 2");
  }
}
