package dev.aviary.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any text given as a spec file (the CLI's files, the control API's bodies) is read, bound and
 * validated into documents and problems, or refused with {@link SpecReadException} when it is not
 * YAML or JSON at all; never another exception (no NullPointerException, ClassCastException or
 * stack overflow from deep nesting). A document with problems names them.
 */
class SpecDocumentsFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void parse(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    SpecDocuments parsed;
    try {
      parsed = SpecDocuments.parse(text);
    } catch (SpecReadException e) {
      assertThat(e.getMessage()).startsWith("not valid YAML or JSON");
      return;
    }
    assertThat(parsed.problems())
        .allSatisfy(
            p -> {
              assertThat(p.message()).isNotBlank();
              assertThat(p.path()).isNotNull();
            });
    if (parsed.valid()) {
      assertThat(parsed.deployments().size() + parsed.templates().size()).isPositive();
    }
  }
}
