package dev.aviary.cli;

import dev.aviary.spec.AnalysisTemplate;
import dev.aviary.spec.JsonSchema;
import dev.aviary.spec.Problem;
import dev.aviary.spec.SpecDocuments;
import dev.aviary.spec.SpecReadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aviary validate -f FILE}: checks spec files and prints every problem. */
@Command(
    name = "validate",
    description = {
      "Check ModelDeployment and AnalysisTemplate documents and print every problem.",
      "Exit status: 0 valid, 1 invalid, 2 unreadable input."
    })
final class ValidateCommand implements Callable<Integer> {
  static final int VALID = 0;
  static final int INVALID = 1;
  static final int UNREADABLE = 2;

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description =
          "YAML or JSON file (several documents allowed; - reads standard input)."
              + " Repeat for several files; templates in one file serve the others.")
  List<String> files = new ArrayList<>();

  @Option(
      names = "--print-schema",
      paramLabel = "KIND",
      arity = "0..1",
      fallbackValue = "ModelDeployment",
      description = "Print the JSON Schema of ModelDeployment (default) or AnalysisTemplate.")
  String printSchema;

  private InputStream stdin = System.in;

  ValidateCommand withStdin(InputStream in) {
    this.stdin = in;
    return this;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (printSchema != null) {
      switch (printSchema) {
        case "ModelDeployment" -> out.print(JsonSchema.modelDeployment());
        case "AnalysisTemplate" -> out.print(JsonSchema.analysisTemplate());
        default -> {
          err.println(
              "--print-schema: expected ModelDeployment or AnalysisTemplate, got '"
                  + printSchema
                  + "'");
          return UNREADABLE;
        }
      }
      out.flush();
      return VALID;
    }
    if (files.isEmpty()) {
      err.println("validate: give at least one file with -f FILE (or -f - for standard input)");
      return UNREADABLE;
    }
    Map<String, String> texts = new LinkedHashMap<>();
    boolean unreadable = false;
    for (String f : files) {
      try {
        texts.put(
            f,
            f.equals("-")
                ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(Path.of(f)));
      } catch (IOException | RuntimeException e) {
        err.println(f + ": cannot read: " + describe(e));
        unreadable = true;
      }
    }
    // Templates from every file are known to every file.
    Map<String, AnalysisTemplate> templates = new LinkedHashMap<>();
    Map<String, SpecDocuments> parsed = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : texts.entrySet()) {
      try {
        SpecDocuments docs = SpecDocuments.parse(e.getValue());
        templates.putAll(docs.templatesByName());
        parsed.put(e.getKey(), docs);
      } catch (SpecReadException ex) {
        err.println(e.getKey() + ": " + ex.getMessage());
        unreadable = true;
      }
    }
    int problems = 0;
    for (String f : parsed.keySet()) {
      SpecDocuments docs;
      try {
        docs = SpecDocuments.parse(texts.get(f), templates);
      } catch (SpecReadException ex) {
        continue; // reported above
      }
      for (Problem p : docs.problems()) {
        out.println(f + ": " + p);
        problems++;
      }
      if (docs.valid()) {
        out.println(
            f
                + ": valid ("
                + docs.deployments().size()
                + " ModelDeployment, "
                + docs.templates().size()
                + " AnalysisTemplate)");
      }
    }
    out.flush();
    err.flush();
    if (unreadable) {
      return UNREADABLE;
    }
    if (problems > 0) {
      err.println(problems + (problems == 1 ? " problem" : " problems") + " found");
      err.flush();
      return INVALID;
    }
    return VALID;
  }

  private static String describe(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
