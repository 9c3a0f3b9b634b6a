package dev.aviary.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JsonSchemaTest {
  static final Path DIR = Path.of("..", "docs", "schema");

  @Test
  void checked_in_model_deployment_schema_matches_the_code() throws Exception {
    if (Boolean.getBoolean("aviary.updateDocs")) {
      Files.writeString(DIR.resolve("modeldeployment.schema.json"), JsonSchema.modelDeployment());
    }
    assertThat(Files.readString(DIR.resolve("modeldeployment.schema.json")))
        .as("regenerate with: mvn -pl spec test -Dtest=JsonSchemaTest -Daviary.updateDocs=true")
        .isEqualTo(JsonSchema.modelDeployment());
  }

  @Test
  void checked_in_analysis_template_schema_matches_the_code() throws Exception {
    if (Boolean.getBoolean("aviary.updateDocs")) {
      Files.writeString(DIR.resolve("analysistemplate.schema.json"), JsonSchema.analysisTemplate());
    }
    assertThat(Files.readString(DIR.resolve("analysistemplate.schema.json")))
        .as("regenerate with: mvn -pl spec test -Dtest=JsonSchemaTest -Daviary.updateDocs=true")
        .isEqualTo(JsonSchema.analysisTemplate());
  }

  @Test
  void schema_describes_steps_as_one_key_objects_with_bounds() throws Exception {
    JsonNode s = new ObjectMapper().readTree(JsonSchema.modelDeployment());
    JsonNode strategy = s.at("/properties/spec/properties/strategy/oneOf");
    assertThat(strategy).hasSize(2);
    JsonNode steps = strategy.get(0).at("/properties/canary/properties/steps/items/oneOf");
    assertThat(steps).hasSize(5);
    JsonNode setWeight = steps.get(0).at("/properties/setWeight/anyOf/0");
    assertThat(setWeight.get("minimum").asInt()).isZero();
    assertThat(setWeight.get("maximum").asInt()).isEqualTo(100);
    assertThat(s.at("/properties/spec/additionalProperties").asBoolean()).isFalse();
    assertThat(s.at("/properties/spec/properties/replicas/default").asInt()).isEqualTo(1);
    assertThat(s.at("/properties/apiVersion/const").asText()).isEqualTo("aviary.dev/v1alpha1");
  }
}
