package dev.aviary.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * ONNX Runtime's native libraries for one platform, taken out of the server jar at build time. The
 * image points ONNX Runtime at them ({@code onnxruntime.native.path}), so the server does not
 * unpack them into {@code /tmp} at every start and runs with a read-only root file system.
 */
final class ServerNatives {
  static final String IN_IMAGE = "/app/native";

  private ServerNatives() {}

  /** The jar's {@code ai/onnxruntime/native/linux-ARCH/} files, written into {@code dir}. */
  static Path extract(Path jar, String onnxPlatform, Path dir) {
    String prefix = "ai/onnxruntime/native/" + onnxPlatform + "/";
    int found = 0;
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Files.createDirectories(dir);
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        String name = e.getName();
        if (!e.isDirectory()
            && name.startsWith(prefix)
            && name.indexOf('/', prefix.length()) < 0
            && name.endsWith(".so")) {
          try (InputStream in = zip.getInputStream(e)) {
            Files.copy(
                in,
                dir.resolve(name.substring(prefix.length())),
                StandardCopyOption.REPLACE_EXISTING);
          }
          found++;
        }
      }
    } catch (IOException e) {
      throw new ImageException("cannot read the server jar " + jar + ": " + e.getMessage(), e);
    }
    if (found == 0) {
      throw new ImageException(
          "the server jar " + jar + " has no ONNX Runtime library for " + onnxPlatform);
    }
    return dir;
  }
}
