package dev.aviary.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.spec.MetricProvider;
import dev.aviary.spec.condition.Value;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebSourceTest extends MetricSourceContract {
  @Override
  void serve(double value) {
    http.reply = p -> new LocalHttp.Reply(200, "{\"data\":{\"errorRate\":" + value + "}}");
  }

  @Override
  MetricSource source() {
    return new WebSource(Duration.ofSeconds(2));
  }

  @Override
  MetricProvider provider(String base) {
    return new MetricProvider.Web(base + "/stats/{{revision}}", Map.of(), "$.data.errorRate", 2);
  }

  @Test
  void arrays_give_vectors_and_revision_is_filled_into_the_url() throws Exception {
    String[] path = new String[1];
    http.reply =
        p -> {
          path[0] = p;
          return new LocalHttp.Reply(200, "{\"xs\":[1,2]}");
        };
    var v =
        source()
            .measure(
                new MetricProvider.Web(http.url() + "/r/{{revision}}", Map.of(), "$.xs", 2),
                TARGET);
    assertThat(v.value()).isEqualTo(Value.of(1.0, 2.0));
    assertThat(path[0]).isEqualTo("/r/abc123");
  }
}
