package dev.aviary.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the embedded platform may read models: {@code file:} URIs resolve against the base
 * directory and must name a file under one of the model roots.
 *
 * <p>Whoever can apply a spec chooses the path, and a replica reads it as the platform's user. A
 * path outside the roots is refused with one message whatever is there, so that applying specs
 * cannot tell which files exist; symbolic links are followed before comparing (even dangling ones
 * and missing files), so a link inside a root cannot reach out of it.
 */
final class ModelFiles {
  /** As the kernel's limit: more links than this in one path is a loop. */
  private static final int MAX_LINKS = 40;

  private final Path baseDir;
  private final List<Path> roots;
  private final List<Path> realRoots;
  private final String outside;

  /**
   * @param roots directories models may be read from; empty means the base directory only
   * @throws IllegalArgumentException when a root is not a directory
   */
  ModelFiles(Path baseDir, List<Path> roots) {
    this.baseDir = baseDir.toAbsolutePath().normalize();
    this.roots =
        roots.isEmpty()
            ? List.of(this.baseDir)
            : roots.stream().map(r -> r.toAbsolutePath().normalize()).toList();
    PlatformOptions.requireModelRootDirectories(this.roots);
    this.realRoots = this.roots.stream().map(r -> canonical(r).orElse(r)).toList();
    this.outside =
        "must name a file under a model root of this platform ("
            + this.roots.stream().map(Path::toString).collect(Collectors.joining(", "))
            + "); aviary up --model-root adds roots";
  }

  /** The refusal of a model URI; the message names what was expected, never what exists. */
  static final class Refused extends IllegalArgumentException {
    Refused(String message) {
      super(message);
    }
  }

  /**
   * The absolute, normalised path of a {@code file:} URI under a model root. It may not exist:
   * {@link #check} tells.
   *
   * @throws Refused for another scheme, an unusable URI or a path outside the roots
   */
  Path resolve(String uri) {
    if (!uri.startsWith("file:")) {
      throw new Refused("the embedded platform serves file: URIs only, got '" + uri + "'");
    }
    Path model;
    try {
      String raw = uri.substring("file:".length());
      Path p = raw.startsWith("//") ? Path.of(URI.create(uri)) : Path.of(raw);
      model = baseDir.resolve(p).toAbsolutePath().normalize();
    } catch (RuntimeException e) {
      throw new Refused("not a usable file URI: " + e.getMessage());
    }
    if (roots.stream().noneMatch(model::startsWith)) {
      throw new Refused(outside);
    }
    Optional<Path> real = canonical(model);
    if (real.isEmpty() || realRoots.stream().noneMatch(real.get()::startsWith)) {
      throw new Refused(outside);
    }
    return model;
  }

  /**
   * Why the model of {@code uri} cannot be served, or null when it can: outside the roots, or
   * (inside them) no such file.
   */
  String check(String uri) {
    try {
      Path model = resolve(uri);
      return Files.isRegularFile(model) ? null : "no such file: " + model;
    } catch (Refused e) {
      return e.getMessage();
    }
  }

  /**
   * {@code path} with every symbolic link replaced by its target, whether or not the file (or the
   * target) exists, like {@code realpath -m}; empty for a loop or an unreadable link.
   */
  static Optional<Path> canonical(Path path) {
    Path absolute = path.toAbsolutePath();
    Deque<String> todo = new ArrayDeque<>();
    absolute.forEach(name -> todo.addLast(name.toString()));
    Path done = absolute.getRoot();
    int links = 0;
    while (!todo.isEmpty()) {
      String name = todo.removeFirst();
      if (name.equals(".") || name.isEmpty()) {
        continue;
      }
      if (name.equals("..")) {
        done = done.getParent() == null ? done : done.getParent();
        continue;
      }
      Path next = done.resolve(name);
      if (!Files.isSymbolicLink(next)) {
        done = next;
        continue;
      }
      Path target;
      try {
        target = Files.readSymbolicLink(next);
      } catch (IOException e) {
        return Optional.empty();
      }
      if (++links > MAX_LINKS) {
        return Optional.empty();
      }
      List<String> names = new ArrayList<>();
      target.forEach(n -> names.add(n.toString()));
      for (int i = names.size() - 1; i >= 0; i--) {
        todo.addFirst(names.get(i));
      }
      if (target.isAbsolute()) {
        done = target.getRoot();
      }
    }
    return Optional.of(done);
  }
}
