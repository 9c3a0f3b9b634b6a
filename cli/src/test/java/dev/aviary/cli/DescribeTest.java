package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DescribeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void a_measurement_still_waiting_for_data_says_so_instead_of_showing_nan() throws Exception {
    String line =
        Describe.measurement(
            JSON.readTree(
                "{\"index\":0,\"phase\":\"Waiting\",\"value\":\"NaN\",\"sampleSize\":0,"
                    + "\"reason\":\"0 requests, fewer than minSampleSize 20\"}"));
    assertThat(line).isEqualTo("#0 no data yet  0 requests, fewer than minSampleSize 20");
    assertThat(line).doesNotContain("NaN");
  }

  @Test
  void a_judged_measurement_shows_its_value_baseline_and_sample_size() throws Exception {
    assertThat(
            Describe.measurement(
                JSON.readTree(
                    "{\"index\":2,\"phase\":\"Successful\",\"value\":0.01,\"baseline\":0.02,"
                        + "\"sampleSize\":120,\"reason\":\"result < 0.05\"}")))
        .startsWith("#2 Successful  value=")
        .contains(" n=120  result < 0.05");
  }
}
