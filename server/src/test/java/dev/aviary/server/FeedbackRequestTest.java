package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedbackRequestTest {
  private static List<LiveMonitor.FeedbackItem> decode(String body) {
    return FeedbackRequest.decode(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void one_item_or_a_batch_with_one_label_or_one_per_row() {
    assertThat(decode("{\"id\": \"a\", \"label\": 1.0}"))
        .containsExactly(new LiveMonitor.FeedbackItem("a", List.of("1")));
    assertThat(decode("[{\"id\": \"a\", \"label\": [\"x\", true]}, {\"id\": \"b\", \"label\": 2}]"))
        .containsExactly(
            new LiveMonitor.FeedbackItem("a", List.of("x", "true")),
            new LiveMonitor.FeedbackItem("b", List.of("2")));
  }

  @Test
  void problems_are_400s_naming_the_field() {
    assertThatThrownBy(
            () -> decode("[{\"id\": \"a\", \"label\": 1}, {\"id\": \"\", \"label\": 1}]"))
        .isInstanceOf(ApiException.class)
        .hasMessageStartingWith("[1].id: expected the inference request's id")
        .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
    assertThatThrownBy(() -> decode("{\"id\": \"a\", \"label\": null}"))
        .hasMessageStartingWith("label: missing");
    assertThatThrownBy(() -> decode("{\"id\": \"a\", \"label\": []}"))
        .hasMessageStartingWith("label: expected one label per row");
    assertThatThrownBy(() -> decode("\"a\"")).hasMessageStartingWith("expected a JSON object");
  }
}
