package dev.aviary.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code aviary image}: container images of the model server. */
@Command(
    name = "image",
    mixinStandardHelpOptions = true,
    description = "Container images of the model server with a model baked in. See docs/images.md.",
    subcommands = {ImageBuildCommand.class})
final class ImageCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
