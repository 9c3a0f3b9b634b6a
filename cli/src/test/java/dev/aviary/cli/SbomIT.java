package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The SBOM the build writes names every Maven artifact the runnable jar is made of. */
class SbomIT {
  private static final Path TARGET = Path.of("target");

  /**
   * Libraries that another library copies into its own jar under a new package (netty-common
   * carries JCTools as io.netty.util.internal.shaded.org.jctools): the SBOM lists the carrier.
   */
  private static boolean embedded(String pomProperties) {
    return pomProperties.startsWith("META-INF/maven/org.jctools/");
  }

  @Test
  void every_library_inside_the_runnable_jar_is_in_the_sbom() throws Exception {
    Path sbom = TARGET.resolve("aviary-sbom.json");
    // The CycloneDX plugin skips itself in an offline build (mvn -o); every online build has it.
    Assumptions.assumeFalse(
        !Files.exists(sbom) && "offline=true".equals(System.getProperty("aviary.mavenOffline")),
        "no SBOM: the build ran offline, where the CycloneDX plugin does not run");
    JsonNode bom = new ObjectMapper().readTree(sbom.toFile());
    assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
    Set<String> listed = new HashSet<>();
    for (JsonNode c : bom.path("components")) {
      listed.add(
          c.path("group").asText()
              + ":"
              + c.path("name").asText()
              + ":"
              + c.path("version").asText());
    }

    Set<String> inJar = new HashSet<>();
    try (JarFile jar = new JarFile(TARGET.resolve("aviary-all.jar").toFile())) {
      var entries = jar.entries();
      while (entries.hasMoreElements()) {
        String name = entries.nextElement().getName();
        if (name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties")) {
          Properties p = new Properties();
          try (InputStream in = jar.getInputStream(jar.getEntry(name))) {
            p.load(in);
          }
          if (!p.getProperty("groupId").equals("dev.aviary") && !embedded(name)) {
            inJar.add(
                p.getProperty("groupId")
                    + ":"
                    + p.getProperty("artifactId")
                    + ":"
                    + p.getProperty("version"));
          }
        }
      }
    }

    assertThat(inJar).hasSizeGreaterThan(50);
    assertThat(listed).anyMatch(a -> a.startsWith("com.microsoft.onnxruntime:onnxruntime:"));
    assertThat(listed).containsAll(inJar);
  }
}
