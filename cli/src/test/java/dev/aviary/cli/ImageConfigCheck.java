package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image that {@code mvn -Pimage verify} built with Jib ({@code cli/target/jib-image.tar}):
 * non-root numeric user, the aviary command as entrypoint so a pod's {@code args} pick the
 * subcommand, tags and labels, and layers that a non-root process reads but need never write (the
 * pods run with a read-only root filesystem). Run only in the {@code image} profile, which passes
 * the tarball and the expected names.
 */
class ImageConfigCheck {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonNode manifest;
  private static JsonNode config;
  private static final Map<String, TarEntry> files = new LinkedHashMap<>();

  record TarEntry(String name, int mode, int uid, byte[] data) {}

  private static String property(String name) {
    String v = System.getProperty(name);
    assertThat(v).as("system property %s (set by the image profile)", name).isNotBlank();
    return v;
  }

  @BeforeAll
  static void readImage() throws IOException {
    Map<String, TarEntry> outer = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(Path.of(property("aviary.image.tar")))) {
      for (TarEntry e : entries(in)) {
        outer.put(e.name(), e);
      }
    }
    manifest = JSON.readTree(outer.get("manifest.json").data()).get(0);
    config = JSON.readTree(outer.get(manifest.path("Config").asText()).data());
    for (JsonNode layer : manifest.path("Layers")) {
      byte[] gz = outer.get(layer.asText()).data();
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
        for (TarEntry e : entries(in)) {
          files.put("/" + e.name().replaceFirst("^\\./", ""), e);
        }
      }
    }
  }

  @Test
  void runs_as_a_numeric_non_root_user_so_kubernetes_can_verify_run_as_non_root() {
    String user = config.at("/config/User").asText();
    assertThat(user).matches("\\d+(:\\d+)?");
    assertThat(Integer.parseInt(user.split(":")[0])).isNotZero().isEqualTo(65532);
  }

  @Test
  void the_entrypoint_is_the_aviary_command_and_pod_args_choose_the_subcommand() {
    List<String> entrypoint = new ArrayList<>();
    config.at("/config/Entrypoint").forEach(a -> entrypoint.add(a.asText()));
    assertThat(entrypoint.get(0)).isEqualTo("java");
    assertThat(entrypoint.get(entrypoint.size() - 1)).isEqualTo(AviaryCli.class.getName());
    assertThat(config.at("/config/Cmd").isMissingNode() || config.at("/config/Cmd").isNull())
        .isTrue();
    assertThat(config.at("/config/WorkingDir").asText()).isEqualTo("/app");
    assertThat(config.at("/config/ExposedPorts").has("9000/tcp")).isTrue();
    assertThat(config.at("/config/ExposedPorts").has("8080/tcp")).isTrue();
  }

  @Test
  void tags_and_labels_name_the_version_and_the_commit() {
    String name = property("aviary.image.name");
    String version = property("aviary.image.version");
    String commit = property("aviary.image.commit");
    List<String> tags = new ArrayList<>();
    manifest.path("RepoTags").forEach(t -> tags.add(t.asText()));
    assertThat(tags).containsExactlyInAnyOrder(name + ":" + version, name + ":" + commit);
    JsonNode labels = config.at("/config/Labels");
    assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo(version);
    assertThat(labels.path("org.opencontainers.image.revision").asText()).isEqualTo(commit);
  }

  @Test
  void the_class_path_and_the_example_models_are_in_the_image() {
    String classpath =
        new String(files.get("/app/jib-classpath-file").data(), StandardCharsets.UTF_8).trim();
    for (String entry : classpath.split(":")) {
      if (entry.endsWith("/*")) {
        assertThat(files.keySet()).anyMatch(f -> f.startsWith(entry.replace("*", "")));
      } else {
        assertThat(files.containsKey(entry) || files.containsKey(entry + "/"))
            .as("class-path entry %s is in the image", entry)
            .isTrue();
      }
    }
    // the models that docs/kubernetes.md's first canary serves
    assertThat(files).containsKeys("/models/v1/model.onnx", "/models/v2/model.onnx");
  }

  @Test
  void the_application_is_readable_by_the_non_root_user_and_owned_by_root() {
    for (TarEntry e : files.values()) {
      String path = "/" + e.name();
      if (!path.startsWith("/app") && !path.startsWith("/models")) {
        continue; // the base image's own files
      }
      boolean dir = e.name().endsWith("/");
      assertThat(e.mode() & 04).as("others may read %s", path).isNotZero();
      if (dir) {
        assertThat(e.mode() & 01).as("others may enter %s", path).isNotZero();
      }
      assertThat(e.mode() & 02).as("others may not write %s", path).isZero();
      assertThat(e.uid()).as("owner of %s", path).isZero();
    }
  }

  /** The entries of a (ustar/GNU) tar stream. */
  private static List<TarEntry> entries(InputStream in) throws IOException {
    List<TarEntry> out = new ArrayList<>();
    byte[] header = new byte[512];
    String longName = null;
    while (in.readNBytes(header, 0, 512) == 512) {
      if (header[0] == 0) {
        break;
      }
      String name = text(header, 0, 100);
      String prefix = text(header, 345, 155);
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
      int mode = (int) octal(header, 100, 8);
      int uid = (int) octal(header, 108, 8);
      long size = octal(header, 124, 12);
      char type = (char) header[156];
      byte[] data = in.readNBytes((int) size);
      in.readNBytes((int) ((512 - size % 512) % 512));
      if (type == 'L') {
        longName = new String(data, StandardCharsets.UTF_8).replace("\0", "");
        continue;
      }
      if (type == 'x' || type == 'g') {
        // PAX extended header: "LEN key=value\n" records; a path applies to the next entry
        for (String record : new String(data, StandardCharsets.UTF_8).split("\n")) {
          int eq = record.indexOf('=');
          int space = record.indexOf(' ');
          boolean path = space > 0 && eq > space && record.substring(space + 1, eq).equals("path");
          if (type == 'x' && path) {
            longName = record.substring(eq + 1);
          }
        }
        continue;
      }
      if (longName != null) {
        name = longName;
        longName = null;
      }
      out.add(new TarEntry(name, mode, uid, data));
    }
    return out;
  }

  private static String text(byte[] b, int from, int len) {
    int end = from;
    while (end < from + len && b[end] != 0) {
      end++;
    }
    return new String(b, from, end - from, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] b, int from, int len) {
    String s = text(b, from, len).trim();
    return s.isEmpty() ? 0 : Long.parseLong(s, 8);
  }
}
