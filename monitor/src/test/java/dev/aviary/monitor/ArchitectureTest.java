package dev.aviary.monitor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import net.jqwik.api.Example;

class ArchitectureTest {
  @Example
  void monitor_is_pure_math_without_io() {
    noClasses()
        .that()
        .resideInAPackage("dev.aviary.monitor..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.io..", "java.net..", "java.nio..", "java.sql..", "io.vertx..")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.aviary.monitor"));
  }
}
