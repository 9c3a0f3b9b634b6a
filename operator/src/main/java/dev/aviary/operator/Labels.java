package dev.aviary.operator;

import java.util.LinkedHashMap;
import java.util.Map;

/** Label keys and the label sets of the objects the operator owns. */
public final class Labels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String DEPLOYMENT = "aviary.dev/deployment";
  public static final String REVISION = "aviary.dev/revision";
  public static final String ROLE = "aviary.dev/role";
  public static final String OPERATOR = "aviary-operator";

  private Labels() {}

  /** Labels of every object owned by the deployment {@code name}. */
  public static Map<String, String> owned(String name) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(NAME, name);
    out.put(MANAGED_BY, OPERATOR);
    out.put(DEPLOYMENT, name);
    return out;
  }

  /** Labels of the pods and Deployment of one revision. */
  public static Map<String, String> revision(String name, String revisionId) {
    Map<String, String> out = owned(name);
    out.put(REVISION, revisionId);
    out.put(ROLE, "server");
    return out;
  }

  /** True for a model-server object (a revision Deployment), as opposed to a gateway. */
  static boolean isServer(io.fabric8.kubernetes.api.model.HasMetadata o) {
    var l = o.getMetadata().getLabels();
    return l != null && "server".equals(l.get(ROLE));
  }

  /** Selector of the model-server pods of every revision. */
  public static Map<String, String> allRevisionsSelector(String name) {
    return Map.of(DEPLOYMENT, name, ROLE, "server");
  }

  /** Selector of the pods of one revision. */
  public static Map<String, String> revisionSelector(String name, String revisionId) {
    return Map.of(DEPLOYMENT, name, REVISION, revisionId);
  }
}
