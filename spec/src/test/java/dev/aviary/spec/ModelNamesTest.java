package dev.aviary.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The grammar of registered model names, versions and aliases. */
class ModelNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"fraud", "f", "9", "fraud-v2.onnx_x"})
  void acceptsModelNames(String name) {
    assertThat(ModelNames.nameProblem(name)).isNull();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"Fraud", "-fraud", "fraud-", "fr aud", "fraud:2", "fraud@x", "a/b"})
  void refusesOtherModelNames(String name) {
    assertThat(ModelNames.nameProblem(name))
        .isEqualTo(
            "model name '"
                + name
                + "' is invalid: expected lower-case letters, digits, '.', '_' or '-', starting"
                + " and ending with a letter or digit, at most 128 characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"champion", "c", "canary_2", "prod-eu"})
  void acceptsAliases(String alias) {
    assertThat(ModelNames.aliasProblem(alias)).isNull();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"Champion", "2nd", "_x", "a.b"})
  void refusesOtherAliases(String alias) {
    assertThat(ModelNames.aliasProblem(alias)).startsWith("alias '" + alias + "' is invalid");
  }

  @Test
  void limitsTheLengths() {
    assertThat(ModelNames.nameProblem("a".repeat(128))).isNull();
    assertThat(ModelNames.nameProblem("a".repeat(129))).isNotNull();
    assertThat(ModelNames.aliasProblem("a".repeat(63))).isNull();
    assertThat(ModelNames.aliasProblem("a".repeat(64))).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "2", "10", "999999999"})
  void acceptsVersionNumbers(String version) {
    assertThat(ModelNames.versionProblem(version)).isNull();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"0", "01", "+1", "-1", "1.0", "v1", " 1", "1000000000"})
  void refusesOtherVersions(String version) {
    assertThat(ModelNames.versionProblem(version))
        .isEqualTo("version '" + version + "' is invalid: expected 1, 2, ... (at most 9 digits)");
  }
}
