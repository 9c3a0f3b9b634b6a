package dev.aviary.analysis.alert;

import dev.aviary.analysis.alert.Vector.Element;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prometheus' alert life cycle over the platform's own samples: a series that matches a rule is
 * pending, fires once it has matched for the rule's duration, and resolves when it no longer
 * matches. Each call evaluates every rule at {@code now} and returns what changed; the caller does
 * the I/O.
 */
public final class AlertTracker {
  /** A firing alert: which rule, which series, since when. */
  public record Alert(AlertRule rule, Map<String, String> labels, Instant startsAt) {
    public String name() {
      return rule.name();
    }
  }

  /** An alert starting to fire, or resolving ({@code endsAt} set). */
  public record Change(Alert alert, Instant endsAt) {
    public boolean resolved() {
      return endsAt != null;
    }
  }

  private record Key(String rule, Map<String, String> labels) {}

  private final List<AlertRule> rules;
  private final Map<Key, Instant> pendingSince = new LinkedHashMap<>();
  private final Map<Key, Alert> firing = new LinkedHashMap<>();

  public AlertTracker(List<AlertRule> rules) {
    this.rules = List.copyOf(rules);
  }

  public List<AlertRule> rules() {
    return rules;
  }

  /** Evaluates every rule over {@code source} at {@code now}; the alerts that fired or resolved. */
  public synchronized List<Change> evaluate(SeriesSource source, Instant now) {
    List<Change> changes = new ArrayList<>();
    Set<Key> active = new HashSet<>();
    for (AlertRule rule : rules) {
      for (Element e : rule.expr().eval(source, now).elements()) {
        Key key = new Key(rule.name(), rule.labelsFor(e.labels()));
        active.add(key);
        Instant since = pendingSince.computeIfAbsent(key, k -> now);
        if (!firing.containsKey(key) && !now.isBefore(since.plus(rule.duration()))) {
          Alert alert = new Alert(rule, key.labels(), now);
          firing.put(key, alert);
          changes.add(new Change(alert, null));
        }
      }
    }
    pendingSince.keySet().retainAll(active);
    for (var it = firing.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!active.contains(e.getKey())) {
        changes.add(new Change(e.getValue(), now));
        it.remove();
      }
    }
    return changes;
  }

  /** The alerts firing now. */
  public synchronized List<Alert> firing() {
    return List.copyOf(firing.values());
  }
}
