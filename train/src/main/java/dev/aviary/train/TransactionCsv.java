package dev.aviary.train;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes transactions as CSV: the {@link Feature} columns in order, then {@code fraud} (0/1). */
public final class TransactionCsv {

  private TransactionCsv() {}

  public static void write(Path file, List<Transaction> rows) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(header());
      w.write('\n');
      for (Transaction t : rows) {
        w.write(line(t));
        w.write('\n');
      }
    }
  }

  static String header() {
    StringBuilder b = new StringBuilder();
    for (Feature f : Feature.values()) {
      b.append(f.column()).append(',');
    }
    return b.append("fraud").toString();
  }

  static String line(Transaction t) {
    StringBuilder b = new StringBuilder();
    for (float v : t.features()) {
      b.append(FloatText.of(v)).append(',');
    }
    return b.append(t.fraud() ? '1' : '0').toString();
  }
}
