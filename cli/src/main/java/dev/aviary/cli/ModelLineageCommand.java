package dev.aviary.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.registry.AliasMove;
import dev.aviary.registry.ModelRef;
import dev.aviary.registry.ModelRegistry;
import dev.aviary.registry.ModelVersion;
import dev.aviary.registry.RegistryException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code aviary model lineage NAME:VERSION}: where a version came from, and its alias moves. */
@Command(
    name = "lineage",
    mixinStandardHelpOptions = true,
    description =
        "Show where a version came from (commit, data, command, parents) and every alias move to"
            + " or from it.")
final class ModelLineageCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME:VERSION", description = "The version, e.g. fraud:2.")
  String ref;

  @Mixin RegistryOption registry;
  @Mixin Output output;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return registry.run(
        "lineage",
        spec.commandLine().getErr(),
        r -> {
          ModelVersion v = r.get(ModelRef.parseExact(ref));
          List<ModelVersion> ancestors = ancestors(r, v);
          List<AliasMove> moves = new ArrayList<>();
          for (AliasMove m : r.aliasHistory(v.name())) {
            if (m.toVersion() == v.version()
                || (m.fromVersion() != null && m.fromVersion() == v.version())) {
              moves.add(m);
            }
          }
          ObjectNode json = JsonNodeFactory.instance.objectNode();
          json.put("ref", v.ref());
          json.put("sha256", v.sha256());
          json.set("lineage", ModelViews.json(v.lineage()));
          ancestors.forEach(
              a ->
                  json.withArray("ancestors")
                      .addObject()
                      .put("ref", a.ref())
                      .put("sha256", a.sha256()));
          json.withArray("ancestors");
          moves.forEach(m -> json.withArray("aliasHistory").add(ModelViews.json(m)));
          json.withArray("aliasHistory");
          if (output.printStructured(out, json)) {
            return 0;
          }
          out.printf("%-12s %s%n", "Version:", v.ref() + " (sha256 " + v.sha256() + ")");
          ModelViews.lineage(out, v.lineage());
          StringBuilder chain = new StringBuilder(v.ref());
          ancestors.forEach(a -> chain.append(" <- ").append(a.ref()));
          out.printf("%-12s %s%n", "Ancestry:", chain);
          out.println("Alias history:");
          if (moves.isEmpty()) {
            out.println("  (none)");
          }
          moves.forEach(m -> out.println("  " + ModelViews.move(m)));
          out.flush();
          return 0;
        });
  }

  /** Parents, nearest first; a deleted parent ends the chain with a note. */
  private static List<ModelVersion> ancestors(ModelRegistry r, ModelVersion v) {
    List<ModelVersion> out = new ArrayList<>();
    Integer parent = v.lineage().parentVersion();
    while (parent != null && out.size() < 1000) {
      try {
        ModelVersion p = r.get(new ModelRef(v.name(), parent, null));
        out.add(p);
        parent = p.lineage().parentVersion();
      } catch (RegistryException deleted) {
        break;
      }
    }
    return out;
  }
}
