package dev.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.registry.GitLineage;
import dev.aviary.registry.Lineage;
import dev.aviary.registry.NewVersion;
import dev.aviary.registry.Registered;
import dev.aviary.registry.RegistryException;
import dev.aviary.registry.Sha256;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aviary model register NAME --file model.onnx ...}: a new version with its lineage. */
@Command(
    name = "register",
    mixinStandardHelpOptions = true,
    description = {
      "Register an ONNX file as the next version of NAME, with its signature and lineage.",
      "The same bytes registered again return the existing version."
    })
final class ModelRegisterCommand implements Callable<Integer> {
  private static final Pattern URI = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://.+");

  @Parameters(paramLabel = "NAME", description = "The model, e.g. fraud.")
  String name;

  @Option(names = "--file", required = true, paramLabel = "FILE", description = "The ONNX model.")
  Path file;

  @Option(
      names = "--data",
      paramLabel = "FILE|URI",
      description =
          "The training data: a local file (its sha256 is recorded) or a URI such as"
              + " s3://bucket/train.csv (recorded as given).")
  String data;

  @Option(
      names = "--metrics",
      paramLabel = "FILE",
      description = "A JSON object of metric names to numbers (nested objects give a.b names).")
  Path metrics;

  @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A training parameter.")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A free-form tag.")
  Map<String, String> tags = new LinkedHashMap<>();

  @Option(
      names = "--alias",
      paramLabel = "ALIAS",
      description = "Point this alias (e.g. champion) at the version.")
  List<String> aliases = new ArrayList<>();

  @Option(
      names = "--git-commit",
      paramLabel = "SHA",
      description = "The commit that produced the model (default: git rev-parse HEAD here).")
  String gitCommit;

  @Option(
      names = {"--trained-by", "--command"},
      paramLabel = "COMMAND",
      description = "The command or code that trained the model.")
  String trainedBy;

  @Option(names = "--parent", paramLabel = "VERSION", description = "The version this one follows.")
  Integer parent;

  @Mixin RegistryOption registry;
  @Mixin Output output;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return registry.run(
        "register",
        spec.commandLine().getErr(),
        r -> {
          NewVersion request =
              new NewVersion(
                  name,
                  file,
                  metrics == null ? Map.of() : readMetrics(metrics),
                  checkKeys("--param", params),
                  checkKeys("--tag", tags),
                  lineage(),
                  aliases);
          Registered result = r.register(request);
          ObjectNode json = ModelViews.json(result.version());
          json.put("created", result.created());
          if (output.printStructured(out, json)) {
            return 0;
          }
          out.println(
              (result.created() ? "registered " : "already registered as ")
                  + result.version().ref()
                  + " (sha256 "
                  + result.version().sha256().substring(0, 12)
                  + ", "
                  + result.version().size()
                  + " bytes)"
                  + (aliases.isEmpty() ? "" : ", alias " + String.join(", ", aliases)));
          out.flush();
          return 0;
        });
  }

  private Lineage lineage() {
    String commit = gitCommit;
    Boolean dirty = null;
    if (commit == null) {
      Optional<GitLineage> git = GitLineage.detect(Path.of("").toAbsolutePath());
      if (git.isPresent()) {
        commit = git.get().commit();
        dirty = git.get().dirty();
      }
    }
    String dataUri = null;
    String dataSha = null;
    if (data != null) {
      if (URI.matcher(data).matches()) {
        dataUri = data;
      } else {
        Path p = Path.of(data);
        if (!Files.isRegularFile(p)) {
          throw new RegistryException(
              "--data: " + data + " is neither a file nor a URI like s3://bucket/train.csv");
        }
        dataUri = p.toAbsolutePath().normalize().toUri().toString();
        dataSha = Sha256.of(p);
      }
    }
    return new Lineage(
        commit, dirty, dataUri, dataSha, trainedBy, parent, RegistryOption.user(), null);
  }

  private static Map<String, String> checkKeys(String option, Map<String, String> pairs) {
    for (String k : pairs.keySet()) {
      if (k.isBlank()) {
        throw new RegistryException(option + ": expected KEY=VALUE with a non-empty KEY");
      }
    }
    return pairs;
  }

  static Map<String, Double> readMetrics(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new RegistryException(
          "--metrics: cannot read " + file + ": " + e.getMessage().split("\n", 2)[0], e);
    }
    if (root == null || !root.isObject()) {
      throw new RegistryException("--metrics: " + file + " must hold a JSON object of numbers");
    }
    Map<String, Double> out = new LinkedHashMap<>();
    flatten(file, "", root, out);
    return out;
  }

  private static void flatten(Path file, String prefix, JsonNode node, Map<String, Double> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix + e.getKey();
      JsonNode v = e.getValue();
      if (v.isObject()) {
        flatten(file, key + ".", v, out);
      } else if (v.isNumber()) {
        out.put(key, v.doubleValue());
      } else {
        throw new RegistryException(
            "--metrics: " + file + ": '" + key + "' must be a number, was " + v.getNodeType());
      }
    }
  }
}
