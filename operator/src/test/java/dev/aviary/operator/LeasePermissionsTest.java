package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeasePermissionsTest {
  private static ResourceRule rule(String group, String resource, String name, String... verbs) {
    return new ResourceRuleBuilder()
        .withApiGroups(group)
        .withResources(resource)
        .withResourceNames(name == null ? List.of() : List.of(name))
        .withVerbs(verbs)
        .build();
  }

  @Test
  void the_chart_role_grants_everything_election_needs() {
    assertThat(
            LeasePermissions.missing(
                List.of(rule("coordination.k8s.io", "leases", null, "get", "create", "update")),
                "lease"))
        .isEmpty();
    assertThat(LeasePermissions.missing(List.of(rule("*", "*", null, "*")), "lease")).isEmpty();
  }

  @Test
  void missing_verbs_are_named() {
    assertThat(
            LeasePermissions.missing(
                List.of(rule("coordination.k8s.io", "leases", null, "get")), "lease"))
        .containsExactly("create", "update");
  }

  @Test
  void rules_for_other_resources_or_other_lease_names_grant_nothing() {
    assertThat(
            LeasePermissions.missing(
                List.of(
                    rule("coordination.k8s.io", "leases", "other", "get", "create", "update"),
                    rule("", "configmaps", null, "*")),
                "lease"))
        .containsExactlyElementsOf(LeasePermissions.NEEDED);
  }
}
