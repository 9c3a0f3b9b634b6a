package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.local.Supervisor.ProbeResult;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** A failed probe keeps its cause, which the replica's events then name. */
class ProbeResultTest {
  @Test
  void a_2xx_or_3xx_status_passes_anything_else_fails_naming_the_status() {
    assertThat(ProbeResult.of(200).ok()).isTrue();
    assertThat(ProbeResult.of(302).ok()).isTrue();
    assertThat(ProbeResult.of(503)).isEqualTo(new ProbeResult(false, "HTTP 503"));
    assertThat(ProbeResult.of(404).ok()).isFalse();
  }

  @Test
  void an_io_error_fails_naming_the_error_not_the_future_that_wrapped_it() {
    ProbeResult r =
        ProbeResult.failed(new CompletionException(new ConnectException("Connection refused")));
    assertThat(r.ok()).isFalse();
    assertThat(r.detail()).isEqualTo("ConnectException: Connection refused");
    assertThat(ProbeResult.failed(new HttpTimeoutException("request timed out")).detail())
        .isEqualTo("HttpTimeoutException: request timed out");
    assertThat(ProbeResult.failed(new ConnectException()).detail()).isEqualTo("ConnectException");
  }
}
