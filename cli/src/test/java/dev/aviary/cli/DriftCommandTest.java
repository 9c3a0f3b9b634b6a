package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DriftCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cl = AviaryCli.commandLine(args);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  /**
   * Rows of amount (normal around {@code mean}) and merchant (grocery/online by {@code online}).
   */
  Path data(String name, long seed, int rows, double mean, double online) throws Exception {
    Random r = new Random(seed);
    StringBuilder b = new StringBuilder("amount,merchant\n");
    for (int i = 0; i < rows; i++) {
      b.append(String.format(java.util.Locale.ROOT, "%.3f", mean + 10 * r.nextGaussian()))
          .append(',')
          .append(r.nextDouble() < online ? "online" : "grocery")
          .append('\n');
    }
    return write(name, b.toString());
  }

  Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  JsonNode json() throws Exception {
    return new ObjectMapper().readTree(out.toString());
  }

  @Nested
  class ExitStatus {
    @Test
    void is_0_without_drift_and_the_table_says_so() throws Exception {
      Path ref = data("ref.csv", 1, 500, 100, 0.3);
      Path cur = data("cur.csv", 2, 400, 100, 0.3);
      assertThat(
              run("drift", "compare", "--reference", ref.toString(), "--current", cur.toString()))
          .as(err.toString())
          .isEqualTo(0);
      assertThat(out.toString())
          .contains("amount", "numerical", "ks", "merchant", "categorical", "chi2_gof")
          .contains("Data set drift: no")
          .contains("benjamini-hochberg");
    }

    @Test
    void is_1_with_drift_and_json_has_every_measure_of_each_type() throws Exception {
      Path ref = data("ref.csv", 1, 500, 100, 0.3);
      Path cur = data("cur.csv", 2, 400, 110, 0.6);
      assertThat(
              run(
                  "drift",
                  "compare",
                  "--reference",
                  ref.toString(),
                  "--current",
                  cur.toString(),
                  "-o",
                  "json",
                  "--correction",
                  "bonferroni"))
          .as(err.toString())
          .isEqualTo(1);
      JsonNode j = json();
      assertThat(j.get("dataset_drift").asBoolean()).isTrue();
      assertThat(j.get("share_drifted").asDouble()).isEqualTo(1.0);
      assertThat(j.get("pvalue_correction").asText()).isEqualTo("bonferroni");
      JsonNode amount = j.get("columns").get("amount");
      assertThat(amount.get("type").asText()).isEqualTo("numerical");
      assertThat(amount.get("n_reference").asInt()).isEqualTo(500);
      assertThat(amount.get("n_current").asInt()).isEqualTo(400);
      for (String f :
          new String[] {
            "ks_statistic", "ks_pvalue", "wasserstein", "wasserstein_normed", "psi", "js_distance"
          }) {
        assertThat(amount.get(f).isNumber()).as(f).isTrue();
      }
      assertThat(amount.has("chi2_gof_pvalue")).isFalse();
      assertThat(amount.get("measure").asText()).isEqualTo("ks");
      assertThat(amount.get("drifted").asBoolean()).isTrue();
      JsonNode merchant = j.get("columns").get("merchant");
      assertThat(merchant.get("type").asText()).isEqualTo("categorical");
      for (String f :
          new String[] {
            "chi2_gof_statistic",
            "chi2_gof_pvalue",
            "chi2_contingency_statistic",
            "chi2_contingency_pvalue",
            "js_distance"
          }) {
        assertThat(merchant.get(f).isNumber()).as(f).isTrue();
      }
      assertThat(merchant.has("ks_pvalue")).isFalse();
      // Bonferroni over the two tested columns
      assertThat(merchant.get("pvalue_adjusted").asDouble())
          .isEqualTo(Math.min(1, 2 * merchant.get("chi2_gof_pvalue").asDouble()));
    }

    @Test
    void overrides_choose_the_measure_and_threshold_of_a_column() throws Exception {
      Path ref = data("ref.csv", 1, 500, 100, 0.3);
      Path cur = data("cur.csv", 2, 400, 110, 0.3);
      int code =
          run(
              "drift",
              "compare",
              "--reference",
              ref.toString(),
              "--current",
              cur.toString(),
              "--columns",
              "amount",
              "--measure",
              "amount=psi",
              "--threshold",
              "amount=50",
              "-o",
              "json");
      assertThat(code).as(err.toString()).isEqualTo(0);
      JsonNode amount = json().get("columns").get("amount");
      assertThat(amount.get("measure").asText()).isEqualTo("psi");
      assertThat(amount.get("threshold").asDouble()).isEqualTo(50);
      assertThat(json().get("columns").has("merchant")).isFalse();
    }

    @Test
    void writes_a_self_contained_html_report_with_both_histograms() throws Exception {
      Path ref = data("ref.csv", 1, 500, 100, 0.3);
      Path cur = data("cur.csv", 2, 400, 110, 0.6);
      Path html = dir.resolve("drift.html");
      run(
          "drift",
          "compare",
          "--reference",
          ref.toString(),
          "--current",
          cur.toString(),
          "--report",
          html.toString());
      String page = Files.readString(html);
      assertThat(page).contains("<svg", "reference (n=500)", "current (n=400)", "merchant");
      assertThat(page.split("<svg", -1)).hasSize(5); // two columns, two sides each
      assertThat(page).doesNotContain("src=", "href=\"http", "<link", "<script");
    }
  }

  @Test
  void docs_monitoring_shows_the_real_output_on_the_example_data() throws Exception {
    Path data = DocBlocks.ROOT.resolve("examples/fraud/data");
    int code =
        run(
            "drift",
            "compare",
            "--reference",
            data.resolve("sample.csv").toString(),
            "--current",
            data.resolve("drifted.csv").toString(),
            "--columns",
            "amount,merchant_category,online,hour_of_day",
            "--categorical",
            "merchant_category",
            "--report",
            dir.resolve("drift.html").toString());
    String doc = Files.readString(DocBlocks.ROOT.resolve("docs/monitoring.md"));
    assertThat(doc).contains(out + "exit status " + code + "\n");
    assertThat(dir.resolve("drift.html")).exists();
  }

  @Nested
  class BadInput {
    @Test
    void a_ragged_row_names_file_and_line() throws Exception {
      Path ref = write("ref.csv", "amount,merchant\n1,a\n2\n");
      Path cur = data("cur.csv", 2, 10, 100, 0.3);
      assertThat(
              run("drift", "compare", "--reference", ref.toString(), "--current", cur.toString()))
          .isEqualTo(2);
      assertThat(err.toString()).contains(ref + " line 3: 1 fields, the header has 2");
    }

    @Test
    void a_word_in_a_numerical_column_names_file_line_and_column() throws Exception {
      Path ref = data("ref.csv", 1, 10, 100, 0.3);
      Path cur = write("cur.csv", "amount,merchant\n1,a\n\"2\",b\nten,c\n");
      assertThat(
              run("drift", "compare", "--reference", ref.toString(), "--current", cur.toString()))
          .isEqualTo(2);
      assertThat(err.toString())
          .contains(cur + " line 4, column 'amount': expected a number")
          .contains("got 'ten'");
    }

    @Test
    void an_unknown_column_or_measure_is_named() throws Exception {
      Path ref = data("ref.csv", 1, 10, 100, 0.3);
      Path cur = data("cur.csv", 2, 10, 100, 0.3);
      assertThat(
              run(
                  "drift",
                  "compare",
                  "--reference",
                  ref.toString(),
                  "--current",
                  cur.toString(),
                  "--columns",
                  "amuont"))
          .isEqualTo(2);
      assertThat(err.toString()).contains("no column 'amuont'");
      assertThat(
              run(
                  "drift",
                  "compare",
                  "--reference",
                  ref.toString(),
                  "--current",
                  cur.toString(),
                  "--measure",
                  "merchant=ks"))
          .isEqualTo(2);
      assertThat(err.toString()).contains("ks does not apply to a categorical column");
    }

    @Test
    void a_missing_file_is_an_error_not_a_crash() {
      assertThat(
              run(
                  "drift",
                  "compare",
                  "--reference",
                  dir.resolve("nope.csv").toString(),
                  "--current",
                  dir.resolve("nope.csv").toString()))
          .isEqualTo(2);
      assertThat(err.toString()).contains("nope.csv");
    }
  }

  @Nested
  class Csv {
    @Test
    void quoted_fields_keep_commas_quotes_and_line_breaks() {
      CsvTable t = CsvTable.parse("t.csv", "a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\r\n3,\n");
      assertThat(t.header()).containsExactly("a", "b");
      assertThat(t.size()).isEqualTo(2);
      assertThat(t.value(0, 0)).isEqualTo("x, \"y\"");
      assertThat(t.value(0, 1)).isEqualTo("two\nlines");
      assertThat(t.line(1)).isEqualTo(4);
      assertThat(t.value(1, 1)).isEmpty();
    }

    @Test
    void broken_quotes_and_headers_are_errors() {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> CsvTable.parse("t.csv", "a,b\n\"open,1\n"))
          .hasMessage("t.csv line 2: a quoted field is not closed");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> CsvTable.parse("t.csv", "a,b\nx\"y,1\n"))
          .hasMessageContaining("t.csv line 2: a quote inside an unquoted field");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> CsvTable.parse("t.csv", "a,a\n1,2\n"))
          .hasMessage("t.csv line 1: header field 2 repeats 'a'");
    }

    @Test
    void numbers_are_plain_decimals_only() {
      assertThat(DriftCommand.Compare.number("1.5e3")).isEqualTo(1500);
      assertThat(DriftCommand.Compare.number("-2.")).isEqualTo(-2);
      assertThat(DriftCommand.Compare.number("NaN")).isNaN();
      assertThat(DriftCommand.Compare.number("Infinity")).isNaN();
      assertThat(DriftCommand.Compare.number("1d")).isNaN();
      assertThat(DriftCommand.Compare.number("0x10")).isNaN();
    }
  }
}
