package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiAccessTest {
  @Test
  void core_and_group_paths_give_group_resource_and_namespace() {
    assertThat(ApiAccess.of("GET", "/api/v1/namespaces/models/services/iris"))
        .isEqualTo(new ApiAccess("", "services", "get", "models"));
    assertThat(ApiAccess.of("GET", "/apis/apps/v1/namespaces/models/deployments?labelSelector=a"))
        .isEqualTo(new ApiAccess("apps", "deployments", "list", "models"));
    assertThat(ApiAccess.of("POST", "/apis/coordination.k8s.io/v1/namespaces/ns/leases"))
        .isEqualTo(new ApiAccess("coordination.k8s.io", "leases", "create", "ns"));
  }

  @Test
  void a_watch_query_makes_a_watch_and_a_path_without_namespace_is_cluster_wide() {
    assertThat(
            ApiAccess.of(
                "GET",
                "/apis/aviary.dev/v1alpha1/modeldeployments?allowWatchBookmarks=true&watch=true"))
        .isEqualTo(new ApiAccess("aviary.dev", "modeldeployments", "watch", null));
  }

  @Test
  void subresources_join_the_resource_and_methods_map_to_verbs() {
    assertThat(
            ApiAccess.of(
                "PATCH", "/apis/aviary.dev/v1alpha1/namespaces/m/modeldeployments/i/status"))
        .isEqualTo(new ApiAccess("aviary.dev", "modeldeployments/status", "patch", "m"));
    assertThat(ApiAccess.of("PUT", "/api/v1/namespaces/m/configmaps/c").verb()).isEqualTo("update");
    assertThat(ApiAccess.of("DELETE", "/apis/apps/v1/namespaces/m/deployments/d").verb())
        .isEqualTo("delete");
    assertThat(ApiAccess.of("DELETE", "/apis/apps/v1/namespaces/m/deployments").verb())
        .isEqualTo("deletecollection");
  }

  @Test
  void discovery_paths_are_no_resource_access() {
    assertThat(ApiAccess.of("GET", "/apis")).isNull();
    assertThat(ApiAccess.of("GET", "/version")).isNull();
    assertThat(ApiAccess.of("GET", "/apis/apps/v1")).isNull();
  }
}
