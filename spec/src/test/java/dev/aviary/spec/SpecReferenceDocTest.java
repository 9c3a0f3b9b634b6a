package dev.aviary.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every field and case a document may use is mentioned in docs/spec-reference.md. */
class SpecReferenceDocTest {

  @Test
  void every_field_and_case_is_documented() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "spec-reference.md"));
    Set<String> names = new LinkedHashSet<>();
    collect(ModelDeployment.class, names, new LinkedHashSet<>());
    collect(AnalysisTemplate.class, names, new LinkedHashSet<>());
    assertThat(names).isNotEmpty().allSatisfy(n -> assertThat(doc).contains(n));
  }

  private static void collect(Type type, Set<String> names, Set<Type> seen) {
    if (type instanceof ParameterizedType p) {
      for (Type arg : p.getActualTypeArguments()) {
        collect(arg, names, seen);
      }
      return;
    }
    Class<?> c = (Class<?>) type;
    if (!seen.add(c)) {
      return;
    }
    if (c.isSealed()) {
      Binder.cases(c)
          .forEach(
              (key, k) -> {
                names.add("`" + key + "`");
                collect(k, names, seen);
              });
    } else if (c.isRecord()) {
      for (RecordComponent rc : c.getRecordComponents()) {
        names.add(rc.getName());
        collect(rc.getGenericType(), names, seen);
      }
    }
  }
}
