package dev.aviary.analysis.alert;

import java.util.List;
import java.util.Map;

/** An instant vector: one value per label set, as a PromQL expression evaluates to. */
public record Vector(List<Element> elements) {
  public Vector {
    elements = List.copyOf(elements);
  }

  /** One series of a vector. */
  public record Element(Map<String, String> labels, double value) {
    public Element {
      labels = Map.copyOf(labels);
    }
  }

  public boolean isEmpty() {
    return elements.isEmpty();
  }
}
