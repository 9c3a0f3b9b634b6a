package dev.aviary.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fenced code blocks of the user documentation (README.md, docs/*.md and every README.md under
 * examples/), so that tests can check that what the docs show really parses and runs.
 */
final class DocBlocks {
  /** The repository root, seen from a module's directory (where Maven runs the tests). */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static final Pattern FENCE = Pattern.compile("^(\\s*)```\\s*([A-Za-z0-9_-]*)\\s*$");
  private static final Pattern HEREDOC =
      Pattern.compile("(?m)^cat > (\\S+\\.ya?ml) <<'(\\w+)'\\n(.*?)^\\2$", Pattern.DOTALL);

  /** One block: where it starts (file relative to the root, 1-based line), language and text. */
  record Block(String file, int line, String language, String text) {
    @Override
    public String toString() {
      return file + ":" + line;
    }
  }

  private DocBlocks() {}

  static List<Path> userDocs() {
    List<Path> files = new ArrayList<>();
    files.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"));
        Stream<Path> examples = Files.walk(ROOT.resolve("examples"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
      examples
          .filter(p -> p.getFileName().toString().equals("README.md"))
          .sorted()
          .forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** Every fenced block of the user docs; indented fences (inside list items) are unindented. */
  static List<Block> all() {
    List<Block> blocks = new ArrayList<>();
    for (Path file : userDocs()) {
      blocks.addAll(of(file));
    }
    return blocks;
  }

  static List<Block> of(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String name = ROOT.relativize(file.toAbsolutePath().normalize()).toString();
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      String indent = open.group(1);
      StringBuilder text = new StringBuilder();
      int j = i + 1;
      while (j < lines.size() && !lines.get(j).strip().equals("```")) {
        String line = lines.get(j);
        text.append(line.startsWith(indent) ? line.substring(indent.length()) : line).append('\n');
        j++;
      }
      blocks.add(new Block(name, i + 1, open.group(2), text.toString()));
      i = j;
    }
    return blocks;
  }

  /** The YAML blocks, and the YAML files shell blocks write with {@code cat > f.yaml <<'EOF'}. */
  static List<Block> yaml() {
    List<Block> out = new ArrayList<>();
    for (Block b : all()) {
      if (b.language().equals("yaml") || b.language().equals("yml")) {
        out.add(b);
      } else if (b.language().equals("bash") || b.language().equals("sh")) {
        Matcher m = HEREDOC.matcher(b.text());
        while (m.find()) {
          long before = b.text().substring(0, m.start(3)).chars().filter(c -> c == '\n').count();
          int line = b.line() + 1 + (int) before;
          out.add(new Block(b.file(), line, "yaml", m.group(3)));
        }
      }
    }
    return out;
  }
}
