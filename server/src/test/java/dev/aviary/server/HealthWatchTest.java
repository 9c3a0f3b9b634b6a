package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.server.grpc.health.HealthCheckResponse.ServingStatus;
import org.junit.jupiter.api.Test;

class HealthWatchTest {
  @Test
  void theServerAndTheInferenceServiceFollowReadiness() {
    assertThat(HealthWatch.status("", true)).isEqualTo(ServingStatus.SERVING);
    assertThat(HealthWatch.status("", false)).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(HealthWatch.status("inference.GRPCInferenceService", true))
        .isEqualTo(ServingStatus.SERVING);
    assertThat(HealthWatch.status("inference.GRPCInferenceService", false))
        .isEqualTo(ServingStatus.NOT_SERVING);
  }

  @Test
  void anotherServiceIsUnknownWhateverTheReadiness() {
    assertThat(HealthWatch.status("other.Service", true)).isEqualTo(ServingStatus.SERVICE_UNKNOWN);
    assertThat(HealthWatch.status("other.Service", false)).isEqualTo(ServingStatus.SERVICE_UNKNOWN);
  }
}
