package dev.aviary.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The system libraries (glibc's loader, libc, libm, libstdc++, ...) that native code needs, as
 * {@code ldd} resolves them on this machine: a {@code scratch} image has none of its own.
 */
final class SharedLibraries {
  private static final Pattern RESOLVED =
      Pattern.compile("\\s*(\\S+) => (/\\S+) \\(0x[0-9a-f]+\\)");
  private static final Pattern MISSING = Pattern.compile("\\s*(\\S+) => not found");
  private static final Pattern LOADER = Pattern.compile("\\s*(/\\S+) \\(0x[0-9a-f]+\\)");

  private SharedLibraries() {}

  /** The libraries that the ELF files under {@code dirs} need and that are not in {@code dirs}. */
  static Set<Path> neededBy(List<Path> dirs) {
    List<Path> elves = new ArrayList<>();
    Set<String> provided = new TreeSet<>();
    for (Path dir : dirs) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.filter(Files::isRegularFile)
            .filter(SharedLibraries::isElf)
            .forEach(
                f -> {
                  elves.add(f);
                  provided.add(f.getFileName().toString());
                });
      } catch (IOException e) {
        throw new ImageException("cannot read " + dir + ": " + e.getMessage(), e);
      }
    }
    Set<Path> needed = new TreeSet<>();
    for (Path elf : elves) {
      String out = ChildProcess.run(List.of("ldd", ChildProcess.safe(elf)), 60);
      for (Path p : parse(out, provided, elf.toString())) {
        if (dirs.stream().noneMatch(p::startsWith)) {
          needed.add(p);
        }
      }
    }
    return needed;
  }

  /**
   * The absolute paths in {@code ldd}'s output. A library it cannot find is an error unless one of
   * {@code provided} (files that are loaded first by name, like {@code libjvm.so}) starts its name.
   */
  static List<Path> parse(String lddOutput, Set<String> provided, String file) {
    List<Path> paths = new ArrayList<>();
    for (String line : lddOutput.split("\n")) {
      Matcher m;
      if ((m = RESOLVED.matcher(line)).matches()) {
        paths.add(Path.of(m.group(2)));
      } else if ((m = MISSING.matcher(line)).matches()) {
        String name = m.group(1);
        if (provided.stream().noneMatch(name::startsWith)) {
          throw new ImageException(
              file + " needs " + name + ", which is not installed on this machine");
        }
      } else if ((m = LOADER.matcher(line)).matches()) {
        paths.add(Path.of(m.group(1)));
      }
    }
    return paths;
  }

  private static boolean isElf(Path file) {
    try (var in = Files.newInputStream(file)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4
          && magic[0] == 0x7f
          && magic[1] == 'E'
          && magic[2] == 'L'
          && magic[3] == 'F';
    } catch (IOException e) {
      return false;
    }
  }
}
