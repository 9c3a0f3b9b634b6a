package dev.aviary.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.registry.ModelVersion;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code aviary model list [NAME]}: every version, with aliases. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the versions of one model, or of every model.")
final class ModelListCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "NAME", description = "A model; all when absent.")
  String name;

  @Mixin RegistryOption registry;
  @Mixin Output output;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return registry.run(
        "list",
        spec.commandLine().getErr(),
        r -> {
          List<ModelVersion> versions = r.list(name);
          ObjectNode json = JsonNodeFactory.instance.objectNode();
          versions.forEach(v -> json.withArray("versions").add(ModelViews.json(v)));
          json.withArray("versions");
          if (output.printStructured(out, json)) {
            return 0;
          }
          List<List<String>> rows = new ArrayList<>();
          for (ModelVersion v : versions) {
            rows.add(
                List.of(
                    v.name(),
                    Integer.toString(v.version()),
                    v.aliases().isEmpty() ? "-" : String.join(",", v.aliases()),
                    v.sha256().substring(0, 12),
                    Long.toString(v.size()),
                    v.lineage().createdAt().toString(),
                    ModelViews.dash(v.lineage().gitCommit())
                        .substring(
                            0, Math.min(12, ModelViews.dash(v.lineage().gitCommit()).length()))));
          }
          Output.table(
              out, List.of("NAME", "VERSION", "ALIASES", "SHA256", "SIZE", "CREATED", "GIT"), rows);
          return 0;
        });
  }
}
