package dev.aviary.operator;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names a missing leader-election permission early, from a {@code SelfSubjectRulesReview}. Only a
 * warning: some API servers (restricted ones, test servers) refuse the review itself, and the lease
 * is what decides.
 */
final class LeasePermissions {
  private static final Logger LOG = LoggerFactory.getLogger(LeasePermissions.class);
  static final List<String> NEEDED = List.of("get", "create", "update");

  private LeasePermissions() {}

  static void warnIfMissing(KubernetesClient client, String namespace, String leaseName) {
    try {
      var review =
          client
              .resource(
                  new SelfSubjectRulesReviewBuilder()
                      .withNewSpec()
                      .withNamespace(namespace)
                      .endSpec()
                      .build())
              .create();
      List<ResourceRule> rules =
          review.getStatus() == null ? List.of() : review.getStatus().getResourceRules();
      List<String> missing = missing(rules, leaseName);
      if (!missing.isEmpty()) {
        LOG.warn(
            "the API server says this account may not {} leases in namespace {}; leader election"
                + " will fail unless that is wrong (see the chart's leader-election Role)",
            missing,
            namespace);
      }
    } catch (KubernetesClientException e) {
      LOG.warn(
          "cannot check lease permissions in namespace {} (SelfSubjectRulesReview answered {}: {});"
              + " electing anyway",
          namespace,
          e.getCode(),
          e.getMessage());
    }
  }

  /** The verbs leader election needs on the lease that {@code rules} do not grant. */
  static List<String> missing(List<ResourceRule> rules, String leaseName) {
    Set<String> allowed = new HashSet<>();
    rules.stream()
        .filter(r -> matches(r.getApiGroups(), "coordination.k8s.io"))
        .filter(r -> matches(r.getResources(), "leases"))
        .filter(
            r ->
                r.getResourceNames() == null
                    || r.getResourceNames().isEmpty()
                    || r.getResourceNames().contains(leaseName))
        .forEach(r -> allowed.addAll(r.getVerbs()));
    if (allowed.contains("*")) {
      return List.of();
    }
    return NEEDED.stream().filter(v -> !allowed.contains(v)).toList();
  }

  private static boolean matches(List<String> values, String wanted) {
    return values != null && (values.contains(wanted) || values.contains("*"));
  }
}
