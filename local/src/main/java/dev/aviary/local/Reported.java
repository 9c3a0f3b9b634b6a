package dev.aviary.local;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Problems the control loop finds again on every tick (a revision that cannot run here, a gateway
 * that refuses the routes), reported once when they appear rather than every 500 ms. A problem that
 * goes away and comes back is reported again.
 */
final class Reported {
  private final Map<String, Set<String>> current = new HashMap<>();

  /**
   * Records the problems {@code subject} has now and returns those it did not have on the previous
   * call, in the order given.
   */
  List<String> newOnes(String subject, List<String> problems) {
    Set<String> before = current.getOrDefault(subject, Set.of());
    List<String> out = problems.stream().filter(p -> !before.contains(p)).distinct().toList();
    if (problems.isEmpty()) {
      current.remove(subject);
    } else {
      current.put(subject, new HashSet<>(problems));
    }
    return out;
  }

  void forget(String subject) {
    current.remove(subject);
  }
}
