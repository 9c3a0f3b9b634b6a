package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoutesTest {
  @Test
  void probesMetricsAndServerMetadataAreGetOrHead() {
    assertThat(Routes.match("GET", "/healthz")).isEqualTo(new Route.Liveness("/healthz"));
    assertThat(Routes.match("GET", "/v2/health/live"))
        .isEqualTo(new Route.Liveness("/v2/health/live"));
    assertThat(Routes.match("GET", "/readyz")).isEqualTo(new Route.Readiness("/readyz"));
    assertThat(Routes.match("GET", "/v2/health/ready"))
        .isEqualTo(new Route.Readiness("/v2/health/ready"));
    assertThat(Routes.match("GET", "/metrics")).isEqualTo(new Route.Metrics());
    assertThat(Routes.match("HEAD", "/healthz")).isEqualTo(new Route.Liveness("/healthz"));
    assertThat(Routes.match("GET", "/v2")).isEqualTo(new Route.ServerMetadata());
    assertThat(Routes.match("POST", "/readyz"))
        .isEqualTo(new Route.MethodNotAllowed("GET, HEAD", "/readyz"));
  }

  @Test
  void modelRoutesWithAndWithoutVersion() {
    assertThat(Routes.match("GET", "/v2/models/fraud"))
        .isEqualTo(new Route.ModelMetadata("fraud", null, "/v2/models/{model}"));
    assertThat(Routes.match("GET", "/v2/models/fraud/versions/2"))
        .isEqualTo(new Route.ModelMetadata("fraud", "2", "/v2/models/{model}/versions/{version}"));
    assertThat(Routes.match("GET", "/v2/models/fraud/versions/2/ready"))
        .isEqualTo(
            new Route.ModelReady("fraud", "2", "/v2/models/{model}/versions/{version}/ready"));
    assertThat(Routes.match("POST", "/v2/models/fraud/infer"))
        .isEqualTo(new Route.Infer("fraud", null, "/v2/models/{model}/infer"));
    assertThat(Routes.match("POST", "/v2/models/fraud/versions/1.2/infer"))
        .isEqualTo(new Route.Infer("fraud", "1.2", "/v2/models/{model}/versions/{version}/infer"));
  }

  @Test
  void inferIsPostOnly() {
    assertThat(Routes.match("GET", "/v2/models/fraud/infer"))
        .isEqualTo(new Route.MethodNotAllowed("POST", "/v2/models/{model}/infer"));
    assertThat(Routes.match("PUT", "/v1/models/fraud:predict"))
        .isEqualTo(new Route.MethodNotAllowed("POST", "/v1/models/{model}:predict"));
  }

  @Test
  void v1PredictTakesTheModelBeforeTheColon() {
    assertThat(Routes.match("POST", "/v1/models/fraud:predict"))
        .isEqualTo(new Route.Predict("fraud", null, "/v1/models/{model}:predict"));
    assertThat(Routes.match("POST", "/v1/models/fraud/versions/3:predict"))
        .isEqualTo(
            new Route.Predict("fraud", "3", "/v1/models/{model}/versions/{version}:predict"));
    assertThat(Routes.match("POST", "/v1/models/:predict")).isEqualTo(new Route.NotFound());
  }

  @Test
  void pathSegmentsArePercentDecodedAndMalformedOnesAreNotFound() {
    assertThat(Routes.match("GET", "/v2/models/a%2Db"))
        .isEqualTo(new Route.ModelMetadata("a-b", null, "/v2/models/{model}"));
    assertThat(Routes.match("GET", "/v2/models/%zz")).isEqualTo(new Route.NotFound());
  }

  @Test
  void aTrailingSlashIsIgnoredAndUnknownPathsAreNotFound() {
    assertThat(Routes.match("GET", "/v2/")).isEqualTo(new Route.ServerMetadata());
    assertThat(Routes.match("GET", "/")).isEqualTo(new Route.NotFound());
    assertThat(Routes.match("GET", "/v2/models/m/explain")).isEqualTo(new Route.NotFound());
    assertThat(Routes.match("GET", "/v3/models/m")).isEqualTo(new Route.NotFound());
  }
}
