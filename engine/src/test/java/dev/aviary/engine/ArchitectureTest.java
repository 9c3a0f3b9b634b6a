package dev.aviary.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** spec and engine decide; they never talk to the network, a database, processes or Kubernetes. */
class ArchitectureTest {
  private static final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.aviary.spec", "dev.aviary.engine");

  @Test
  void spec_and_engine_use_no_http_database_process_or_kubernetes_library() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.aviary.spec..", "dev.aviary.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.vertx..",
            "io.netty..",
            "java.net.http..",
            "java.sql..",
            "javax.sql..",
            "io.fabric8..",
            "io.javaoperatorsdk..",
            "org.xerial..",
            "okhttp3..",
            "org.apache.http..",
            "io.micrometer..",
            "ai.onnxruntime..")
        .check(classes);
  }

  @Test
  void spec_and_engine_start_no_processes_and_open_no_sockets() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.aviary.spec..", "dev.aviary.engine..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.ProcessBuilder")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.Runtime")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("java.net..", "java.nio.channels..")
        .check(classes);
  }

  @Test
  void engine_reads_no_files_and_no_wall_clock() {
    // IOException is allowed: Jackson's (in-memory) status codec declares it.
    DescribedPredicate<JavaClass> fileAccess =
        JavaClass.Predicates.resideInAnyPackage("java.io..", "java.nio.file..")
            .and(DescribedPredicate.not(JavaClass.Predicates.equivalentTo(IOException.class)));
    noClasses()
        .that()
        .resideInAPackage("dev.aviary.engine..")
        .should()
        .dependOnClassesThat(fileAccess)
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.time.Clock")
        .check(classes);
  }

  @Test
  void spec_does_not_depend_on_the_engine() {
    noClasses()
        .that()
        .resideInAPackage("dev.aviary.spec..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.aviary.engine..")
        .check(classes);
  }
}
