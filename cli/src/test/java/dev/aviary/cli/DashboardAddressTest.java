package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DashboardAddressTest {
  @Test
  void a_terminal_gets_the_sign_in_address_with_the_token() {
    assertThat(DashboardAddress.of("127.0.0.1", 7070, "a-b_c", true))
        .isEqualTo("http://127.0.0.1:7070/?token=a-b_c");
  }

  @Test
  void a_file_or_pipe_never_gets_the_token() {
    assertThat(DashboardAddress.of("127.0.0.1", 7070, "secret", false))
        .startsWith("http://127.0.0.1:7070/ (sign in with the token")
        .doesNotContain("secret");
  }

  @Test
  void without_a_token_the_address_is_plain() {
    assertThat(DashboardAddress.of("localhost", 7071, null, true))
        .isEqualTo("http://localhost:7071/");
  }

  @Test
  void wildcard_and_ipv6_binds_give_an_address_a_browser_opens() {
    assertThat(DashboardAddress.of("0.0.0.0", 7070, null, false))
        .isEqualTo("http://127.0.0.1:7070/");
    assertThat(DashboardAddress.of("::1", 7070, null, false)).isEqualTo("http://[::1]:7070/");
  }
}
