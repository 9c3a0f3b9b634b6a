package dev.aviary.operator;

import dev.aviary.engine.Command;
import java.util.List;
import java.util.Locale;

/**
 * The command language of the {@code aviary.dev/command} annotation: {@code promote}, {@code
 * promote-full}, {@code abort}, {@code retry}, {@code undo}, {@code undo:N}, {@code pause}, {@code
 * resume}. A new {@code aviary.dev/command-id} value makes it a new command.
 */
public final class CommandAnnotation {
  public static final List<String> COMMANDS =
      List.of("promote", "promote-full", "abort", "retry", "undo", "undo:N", "pause", "resume");

  private CommandAnnotation() {}

  /** The command, numbered {@code seq}; throws IllegalArgumentException naming the choices. */
  public static Command parse(String text, long seq) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "promote":
        return new Command.Promote(seq, false);
      case "promote-full":
      case "promote --full":
        return new Command.Promote(seq, true);
      case "abort":
        return new Command.Abort(seq);
      case "retry":
        return new Command.Retry(seq);
      case "undo":
        return new Command.Undo(seq, null);
      case "pause":
        return new Command.Pause(seq);
      case "resume":
        return new Command.Resume(seq);
      default:
        if (t.startsWith("undo:")) {
          try {
            int n = Integer.parseInt(t.substring(5));
            if (n >= 1) {
              return new Command.Undo(seq, n);
            }
          } catch (NumberFormatException e) {
            // falls through to the error below
          }
        }
        throw new IllegalArgumentException(
            "unknown command '" + text + "', expected one of " + COMMANDS);
    }
  }
}
