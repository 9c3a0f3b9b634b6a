package dev.aviary.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** NAME, NAME:VERSION and NAME@ALIAS, with the names of the spec's model grammar. */
class ModelRefTest {

  @Test
  void parsesTheThreeForms() {
    assertThat(ModelRef.parse("fraud")).isEqualTo(new ModelRef("fraud", null, null));
    assertThat(ModelRef.parse("fraud:12")).isEqualTo(new ModelRef("fraud", 12, null));
    assertThat(ModelRef.parse("fraud@champion")).isEqualTo(new ModelRef("fraud", null, "champion"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"fraud:0", "fraud:01", "fraud:+1", "fraud:x", "fraud:", "fraud:1000000000"})
  void refusesAVersionThatIsNotOneTwoAndSoOn(String text) {
    assertThatThrownBy(() -> ModelRef.parse(text))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("has an invalid version")
        .hasMessageContaining("expected 1, 2, ...");
  }

  @Test
  void refusesBadNamesAndAliasesNamingThem() {
    assertThatThrownBy(() -> ModelRef.parse("Fraud:1"))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith("model name 'Fraud' is invalid");
    assertThatThrownBy(() -> ModelRef.parse("fraud@Champ"))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith("alias 'Champ' is invalid");
    assertThatThrownBy(() -> ModelRef.parse("fraud:1@champion"))
        .hasMessageContaining("expected NAME, NAME:VERSION or NAME@ALIAS");
  }
}
