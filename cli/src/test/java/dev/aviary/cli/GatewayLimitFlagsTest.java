package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GatewayLimitFlagsTest {
  @TempDir Path dir;

  private String refusal(String... flags) throws Exception {
    Path config = dir.resolve("routes.yaml");
    Files.writeString(
        config, "routes: [{name: m, revisions: [{name: v1, endpoints: [\"127.0.0.1:9\"]}]}]\n");
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new AviaryCli());
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    String[] args = new String[flags.length + 3];
    args[0] = "gateway";
    args[1] = "--config";
    args[2] = config.toString();
    System.arraycopy(flags, 0, args, 3, flags.length);
    assertThat(cl.execute(args)).isEqualTo(2);
    return err.toString();
  }

  @Test
  void a_limit_out_of_range_is_refused_naming_its_flag() throws Exception {
    assertThat(refusal("--max-connections", "0"))
        .contains("--max-connections must be at least 1, got 0");
    assertThat(refusal("--header-timeout", "0")).contains("--header-timeout must be a positive");
    assertThat(refusal("--idle-timeout", "soon")).contains("--idle-timeout", "1h30m");
  }
}
