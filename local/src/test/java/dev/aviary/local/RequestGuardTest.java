package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.local.RequestGuard.Refusal;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RequestGuardTest {
  private static final int PORT = 7070;
  private final RequestGuard loopback = RequestGuard.forBindAddress("127.0.0.1", Set.of());

  private Optional<Refusal> get(RequestGuard guard, String host, String origin) {
    return guard.check("GET", PORT, host, origin, null);
  }

  private Optional<Refusal> post(String contentType, String origin) {
    return loopback.check("POST", PORT, "127.0.0.1:7070", origin, contentType);
  }

  @Nested
  class Host {
    @Test
    void a_loopback_api_answers_to_its_loopback_names_with_its_port_or_none() {
      for (String host :
          new String[] {
            "127.0.0.1:7070", "127.0.0.1", "localhost:7070", "LOCALHOST", "[::1]:7070", "[::1]"
          }) {
        assertThat(get(loopback, host, null)).as(host).isEmpty();
      }
    }

    @Test
    void a_rebound_dns_name_or_another_port_is_refused_with_421() {
      for (String host :
          new String[] {
            "evil.example:7070",
            "evil.example",
            "127.0.0.1:7071",
            "localhost:80",
            "localhost.:7070",
            "127.0.0.1.evil.example:7070",
            "[::1]x",
            "::1",
            "127.0.0.1:7070:7070",
            ""
          }) {
        Optional<Refusal> r = get(loopback, host, null);
        assertThat(r).as(host).isPresent();
        assertThat(r.get().status()).isEqualTo(421);
        assertThat(r.get().error()).startsWith("Host: ").contains("127.0.0.1, localhost, [::1]");
      }
    }

    @Test
    void a_request_without_host_is_refused() {
      assertThat(get(loopback, null, null))
          .hasValueSatisfying(
              r ->
                  assertThat(r.error())
                      .isEqualTo(
                          "Host: missing is not an address of this API; expected one of 127.0.0.1,"
                              + " localhost, [::1] (with port 7070 or none)"));
    }

    @Test
    void an_api_on_one_address_answers_to_that_address_only() {
      RequestGuard lan = RequestGuard.forBindAddress("192.168.1.5", Set.of("10.0.0.1"));
      assertThat(get(lan, "192.168.1.5:7070", null)).isEmpty();
      assertThat(get(lan, "127.0.0.1:7070", null)).isPresent();
      assertThat(get(lan, "10.0.0.1:7070", null)).isPresent();
    }

    @Test
    void an_api_on_every_interface_answers_to_the_machine_names_and_loopback() {
      RequestGuard all =
          RequestGuard.forBindAddress("0.0.0.0", Set.of("10.0.0.1", "fe80::1", "Build-Box"));
      assertThat(all.names())
          .contains("0.0.0.0", "127.0.0.1", "localhost", "[::1]", "10.0.0.1", "[fe80::1]")
          .contains("build-box");
      assertThat(get(all, "build-box:7070", null)).isEmpty();
      assertThat(get(all, "[fe80::1]:7070", null)).isEmpty();
      assertThat(get(all, "evil.example:7070", null)).isPresent();
    }
  }

  @Nested
  class Origin {
    @Test
    void the_apis_own_origin_is_accepted() {
      assertThat(get(loopback, "127.0.0.1:7070", "http://127.0.0.1:7070")).isEmpty();
      assertThat(get(loopback, "localhost:7070", "http://localhost:7070")).isEmpty();
      assertThat(get(loopback, "[::1]:7070", "http://[::1]:7070")).isEmpty();
    }

    @Test
    void any_other_origin_is_refused_with_403() {
      for (String origin :
          new String[] {
            "http://evil.example",
            "http://evil.example:7070",
            "null",
            "https://127.0.0.1:7070",
            "http://127.0.0.1",
            "http://127.0.0.1:7071",
            "http://127.0.0.1:7070/path",
            "http://user@127.0.0.1:7070",
            "file://"
          }) {
        Optional<Refusal> r = get(loopback, "127.0.0.1:7070", origin);
        assertThat(r).as(origin).isPresent();
        assertThat(r.get().status()).isEqualTo(403);
        assertThat(r.get().error()).startsWith("Origin: '" + origin + "'");
      }
    }

    @Test
    void without_a_port_the_origin_means_port_80() {
      assertThat(loopback.check("GET", 80, "127.0.0.1", "http://127.0.0.1", null)).isEmpty();
    }
  }

  @Nested
  class Body {
    @Test
    void json_and_yaml_bodies_are_accepted_with_or_without_parameters() {
      for (String type :
          new String[] {
            "application/json",
            "application/yaml",
            "application/x-yaml",
            "Application/JSON; charset=utf-8",
            "application/yaml;charset=UTF-8"
          }) {
        assertThat(post(type, null)).as(type).isEmpty();
      }
    }

    @Test
    void the_types_a_browser_sends_without_preflight_or_none_are_refused_with_415() {
      for (String type :
          new String[] {
            "text/plain",
            "text/plain; charset=utf-8",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/jsonp",
            "",
            null
          }) {
        Optional<Refusal> r = post(type, null);
        assertThat(r).as(String.valueOf(type)).isPresent();
        assertThat(r.get().status()).isEqualTo(415);
        assertThat(r.get().error())
            .startsWith("Content-Type: ")
            .contains("expected application/json or application/yaml (or application/x-yaml)");
      }
      assertThat(loopback.check("PUT", PORT, "127.0.0.1", null, "text/plain")).isPresent();
      assertThat(loopback.check("patch", PORT, "127.0.0.1", null, "text/plain")).isPresent();
    }

    @Test
    void requests_without_a_body_need_no_content_type() {
      assertThat(loopback.check("GET", PORT, "127.0.0.1", null, null)).isEmpty();
      assertThat(loopback.check("DELETE", PORT, "127.0.0.1", null, null)).isEmpty();
    }

    @Test
    void a_foreign_origin_is_named_before_the_body_type() {
      assertThat(post("text/plain", "http://evil.example"))
          .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(403));
    }
  }
}
