package dev.aviary.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Whatever text arrives (a routes file, or {@code PUT /config} on the admin API), the codec returns
 * a configuration or throws {@link ConfigException} naming its problems; never another exception. A
 * configuration it returns writes back to JSON that reads as the same configuration.
 */
class ConfigCodecFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void parse(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    GatewayConfig config;
    try {
      config = ConfigCodec.parse(text);
    } catch (ConfigException e) {
      assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).isNotBlank());
      return;
    }
    assertThat(ConfigCodec.parse(ConfigCodec.toJson(config))).isEqualTo(config);
  }
}
