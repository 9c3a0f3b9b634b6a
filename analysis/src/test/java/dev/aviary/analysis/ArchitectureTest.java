package dev.aviary.analysis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The analysis layer talks HTTP to metric backends and nothing else: backends reach it through
 * {@link Fleet}, so it knows no process, database, Kubernetes or server class.
 */
class ArchitectureTest {
  private static final JavaClasses ANALYSIS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.aviary.analysis");

  @Test
  void analysis_knows_no_backend_process_database_or_kubernetes() {
    noClasses()
        .that()
        .resideInAPackage("dev.aviary.analysis..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.aviary.local..",
            "dev.aviary.operator..",
            "dev.aviary.server..",
            "dev.aviary.gateway..",
            "io.fabric8..",
            "io.javaoperatorsdk..",
            "io.vertx..",
            "java.sql..")
        .check(ANALYSIS);
  }

  @Test
  void analysis_starts_no_process() {
    noClasses()
        .that()
        .resideInAPackage("dev.aviary.analysis..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName(ProcessBuilder.class.getName())
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName(Process.class.getName())
        .check(ANALYSIS);
  }
}
