package dev.aviary.server;

import dev.aviary.durations.Durations;
import java.nio.file.Path;

/**
 * Runs a real server process for {@link DrainIT}: {@code <repository> <drain-delay>
 * <fault-latency>}, port 0 (the bound port is in the "listening on" log line).
 */
public final class DrainTargetMain {
  private DrainTargetMain() {}

  public static void main(String[] args) {
    ServerConfig config =
        ServerConfig.builder(new ModelSource.Repository(Path.of(args[0])))
            .host("127.0.0.1")
            .port(0)
            .drainDelay(Durations.parse(args[1]))
            .faultLatency(Durations.parse(args[2]))
            .shutdownTimeout(Durations.parse("20s"))
            .build();
    System.exit(ServerProcess.run(config));
  }
}
