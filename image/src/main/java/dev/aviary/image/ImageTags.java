package dev.aviary.image;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The tags of an image: the defaults an image always gets, and the OCI tag grammar. */
public final class ImageTags {
  /** The OCI distribution spec's tag grammar. */
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  private ImageTags() {}

  /** {@code tag} when it is a valid OCI tag, else an error naming {@code option}. */
  public static String check(String tag, String option) {
    if (tag == null || !TAG.matcher(tag).matches()) {
      throw new ImageException(
          option
              + " '"
              + tag
              + "' is not a valid image tag: expected a letter, digit or '_', then letters,"
              + " digits, '_', '.' or '-', at most 128 characters in all");
    }
    return tag;
  }

  /**
   * {@code NAME-VERSION}, {@code git-SHORT} when the commit is known, the date, then {@code extra}
   * (each checked), without duplicates, in that order.
   */
  public static List<String> of(
      String name, String version, Optional<String> commit, LocalDate date, List<String> extra) {
    LinkedHashSet<String> tags = new LinkedHashSet<>();
    tags.add(check(name + "-" + version, "the model name and version"));
    commit.ifPresent(c -> tags.add(check("git-" + shortCommit(c), "the git commit")));
    tags.add(date.toString());
    for (String t : extra) {
      tags.add(check(t, "--tag"));
    }
    return List.copyOf(new ArrayList<>(tags));
  }

  /** The 7-character form {@code git log --oneline} shows. */
  public static String shortCommit(String commit) {
    return commit.length() > 7 ? commit.substring(0, 7) : commit;
  }
}
