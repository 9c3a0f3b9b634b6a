package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlTokenTest {

  @Test
  void the_first_start_creates_an_owner_only_token_file_and_later_starts_reuse_it(@TempDir Path dir)
      throws Exception {
    Path state = dir.resolve("state");
    String token = ControlToken.readOrCreate(state);
    Path file = state.resolve("token");
    assertThat(ControlToken.file(state)).isEqualTo(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state)))
        .isEqualTo("rwx------");
    assertThat(Files.readString(file)).isEqualTo(token + "\n");
    assertThat(ControlToken.readOrCreate(state)).isEqualTo(token);
    assertThat(ControlToken.read(state)).contains(token);
  }

  @Test
  void tokens_are_256_random_bits_in_url_safe_base64() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String token = ControlToken.generate();
      assertThat(token).matches("[A-Za-z0-9_-]{43}");
      assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
      seen.add(token);
    }
    assertThat(seen).hasSize(100);
  }

  @Test
  void an_existing_state_directory_keeps_its_permissions(@TempDir Path state) throws Exception {
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
    ControlToken.readOrCreate(state);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("token"))))
        .isEqualTo("rw-------");
  }

  @Test
  void without_a_token_file_there_is_no_token(@TempDir Path state) throws Exception {
    assertThat(ControlToken.read(state)).isEmpty();
    assertThat(ControlToken.read(state.resolve("missing"))).isEmpty();
  }

  @Test
  void a_state_directory_others_can_write_is_refused(@TempDir Path state) throws Exception {
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> ControlToken.readOrCreate(state))
        .hasMessageContaining("is writable by other users (rwxrwxrwx)");
    assertThat(state.resolve("token")).doesNotExist();
  }

  @Test
  void a_token_file_others_can_read_is_refused(@TempDir Path state) throws Exception {
    Path file = state.resolve("token");
    Files.writeString(file, "abc\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> ControlToken.read(state))
        .hasMessageContaining("is open to other users (rw-r--r--)")
        .hasMessageContaining("delete it and restart");
    assertThatThrownBy(() -> ControlToken.readOrCreate(state))
        .hasMessageContaining("is open to other users");
  }

  @Test
  void an_empty_token_file_is_refused(@TempDir Path state) throws Exception {
    Path file = state.resolve("token");
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    assertThatThrownBy(() -> ControlToken.read(state)).hasMessageContaining("is empty");
  }

  @Test
  void a_symbolic_link_in_place_of_the_token_file_is_refused(@TempDir Path state) throws Exception {
    Path elsewhere = Files.writeString(state.resolve("elsewhere"), "abc\n");
    Files.createSymbolicLink(state.resolve("token"), elsewhere);
    assertThatThrownBy(() -> ControlToken.read(state))
        .hasMessageContaining("is not a regular file");
  }
}
