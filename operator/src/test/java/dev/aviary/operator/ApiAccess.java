package dev.aviary.operator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An API server request as RBAC sees it: API group, resource (with its subresource, as in {@code
 * modeldeployments/status}), verb and namespace (null for a cluster-wide request), derived from the
 * HTTP method and path the way the API server's request-info resolver does.
 */
record ApiAccess(String group, String resource, String verb, String namespace) {

  /** The access of one request, or null for a path that is no resource (discovery, /version). */
  static ApiAccess of(String method, String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    List<String> parts = new ArrayList<>(List.of(path.replaceFirst("^/", "").split("/")));
    String group;
    if (parts.size() >= 2 && parts.get(0).equals("api")) {
      group = "";
      parts = parts.subList(2, parts.size());
    } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      parts = parts.subList(3, parts.size());
    } else {
      return null;
    }
    String namespace = null;
    if (parts.size() >= 3 && parts.get(0).equals("namespaces")) {
      namespace = parts.get(1);
      parts = parts.subList(2, parts.size());
    }
    if (parts.isEmpty()) {
      return null;
    }
    String resource = parts.get(0);
    boolean named = parts.size() >= 2;
    if (parts.size() >= 3) {
      resource += "/" + parts.get(2);
    }
    boolean watch = query.matches("(^|.*&)watch=(true|1)(&.*|$)");
    String verb =
        switch (method) {
          case "GET" -> watch ? "watch" : named ? "get" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> method.toLowerCase(java.util.Locale.ROOT);
        };
    return new ApiAccess(group, resource, verb, namespace);
  }

  /** Every (group, resource, verb) a list of RBAC rules grants, as accesses with no namespace. */
  static Set<ApiAccess> granted(JsonNode rules) {
    Set<ApiAccess> out = new LinkedHashSet<>();
    for (JsonNode rule : rules) {
      for (JsonNode g : rule.path("apiGroups")) {
        for (JsonNode r : rule.path("resources")) {
          for (JsonNode v : rule.path("verbs")) {
            out.add(new ApiAccess(g.asText(), r.asText(), v.asText(), null));
          }
        }
      }
    }
    return out;
  }

  /** This access with the namespace left out, to compare with {@link #granted}. */
  ApiAccess anyNamespace() {
    return new ApiAccess(group, resource, verb, null);
  }
}
