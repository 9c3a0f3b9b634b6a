package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Helm chart starts the image's {@code operator} command with options that the command has (the
 * rendered arguments themselves are checked in the operator module's HelmTemplateIT).
 */
class OperatorChartArgsTest {
  private static final Path TEMPLATE =
      Path.of("..", "deploy", "helm", "aviary", "templates", "deployment.yaml");

  @Test
  void every_option_the_chart_passes_is_an_option_of_aviary_operator() throws Exception {
    String template = Files.readString(TEMPLATE);
    CommandLine operator = new CommandLine(new AviaryCli()).getSubcommands().get("operator");
    assertThat(operator).isNotNull();
    assertThat(template).contains("args:\n            - operator\n");
    Matcher m = Pattern.compile("(?m)^\\s+- (--[a-z][a-z-]*)=").matcher(template);
    List<String> options = new ArrayList<>();
    while (m.find()) {
      options.add(m.group(1));
    }
    assertThat(options).contains("--lease-namespace", "--health-port", "--namespace");
    for (String option : options) {
      assertThat(operator.getCommandSpec().findOption(option)).as(option).isNotNull();
    }
  }
}
