package dev.aviary.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageTagsTest {
  private static final LocalDate DAY = LocalDate.of(2026, 12, 7);

  @Test
  void defaults_are_name_version_short_commit_and_date_then_the_extra_tags() {
    assertThat(
            ImageTags.of(
                "fraud",
                "4",
                Optional.of("1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d"),
                DAY,
                List.of("latest", "fraud-4")))
        .containsExactly("fraud-4", "git-1a2b3c4", "2026-12-07", "latest");
  }

  @Test
  void without_git_there_is_no_commit_tag() {
    assertThat(ImageTags.of("fraud", "4", Optional.empty(), DAY, List.of()))
        .containsExactly("fraud-4", "2026-12-07");
  }

  @Test
  void tags_follow_the_oci_grammar() {
    assertThat(ImageTags.check("_a.B-9", "--tag")).isEqualTo("_a.B-9");
    assertThat(ImageTags.check("a".repeat(128), "--tag")).hasSize(128);
    for (String bad : List.of("", "-a", ".a", "a/b", "a:b", "a b", "a".repeat(129), "é")) {
      assertThatThrownBy(() -> ImageTags.check(bad, "--tag"))
          .isInstanceOf(ImageException.class)
          .hasMessageStartingWith("--tag '" + bad + "' is not a valid image tag");
    }
  }

  @Test
  void an_invalid_extra_tag_is_reported_as_the_option() {
    assertThatThrownBy(() -> ImageTags.of("fraud", "4", Optional.empty(), DAY, List.of("v1+x")))
        .hasMessageContaining("--tag 'v1+x'");
  }
}
