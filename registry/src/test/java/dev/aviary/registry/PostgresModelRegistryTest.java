package dev.aviary.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresModelRegistryTest extends ModelRegistryContract {
  private static PostgresCluster cluster;
  private static final AtomicInteger databases = new AtomicInteger();
  private String url;

  @BeforeAll
  static void startServer() throws Exception {
    cluster = PostgresCluster.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (cluster != null) {
      cluster.stop();
    }
  }

  @Override
  JdbcModelRegistry create(Clock clock) throws Exception {
    if (url == null) {
      url = cluster.newDatabase("registry" + databases.incrementAndGet());
    }
    return new PostgresModelRegistry(url, clock);
  }

  @Test
  void reopeningTheDatabase_seesTheSameRegistry_andItsArtifacts() throws Exception {
    registry().register(request("fraud", V1, "champion"));
    try (PostgresModelRegistry again =
        new PostgresModelRegistry(url, Clock.fixed(T0, ZoneOffset.UTC))) {
      assertThat(again.get(ModelRef.parse("fraud@champion")).sha256()).isEqualTo(Sha256.of(V1));
      again.download("fraud", 1, tmp.resolve("m.onnx"));
    }
    assertThat(tmp.resolve("m.onnx")).hasSameBinaryContentAs(V1);
  }

  @Test
  void anUnreachableServer_isAClearError() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String bad = "jdbc:postgresql://127.0.0.1:" + closed + "/registry?user=aviary&password=secret";

    assertThatThrownBy(() -> Registries.open(bad, Clock.systemUTC()))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith(
            "cannot reach registry database jdbc:postgresql://127.0.0.1:"
                + closed
                + "/registry?user=aviary&password=*** to connect: ")
        .hasMessageNotContaining("secret");
  }
}
