package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.aviary.local.Platform;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * The dashboard in Debian's Chromium, driven through its chromedriver (nothing is downloaded),
 * against the embedded platform running real replicas of the fraud example. Screenshots of the main
 * pages go to {@code target/dashboard/}.
 */
class DashboardBrowserIT {
  private static final Path MODELS =
      Path.of("..", "examples", "fraud", "models").toAbsolutePath().normalize();
  private static final Path SHOTS = Path.of("target", "dashboard");
  private static final String CHROMIUM = System.getProperty("aviary.chromium", "/usr/bin/chromium");
  private static final String DRIVER =
      System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");

  private static ChromeDriver browser;
  private static Path profile;

  @TempDir Path state;

  @BeforeAll
  static void openBrowser() throws IOException {
    assumeTrue(
        Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(DRIVER)),
        "the browser tests need Debian's chromium and chromium-driver (.ci/run installs them)");
    profile = Files.createTempDirectory("aviary-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,800",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1280, 800));
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void closeBrowser() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (profile != null) {
      try (var walk = Files.walk(profile)) {
        walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  private static WebDriverWait waitUpTo(int seconds) {
    WebDriverWait w = new WebDriverWait(browser, Duration.ofSeconds(seconds));
    w.pollingEvery(Duration.ofMillis(200));
    return w;
  }

  /** The text of the first match, read in one script: the page re-renders every 2 seconds. */
  private static String text(String css) {
    Object text =
        ((JavascriptExecutor) browser)
            .executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';",
                css);
    return String.valueOf(text);
  }

  /** Clicks the first match, finding it again if a re-render replaced it in between. */
  private static void click(String css) {
    waitUpTo(5)
        .ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              d.findElement(By.cssSelector(css)).click();
              return true;
            });
  }

  private static void screenshot(String name) throws IOException {
    File f = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static void signOut() {
    ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
  }

  private Path spec(String name, String version, String strategy) throws IOException {
    Path f = state.resolve(name + "-" + version + ".yaml");
    Files.writeString(
        f,
        "apiVersion: aviary.dev/v1alpha1\nkind: ModelDeployment\nmetadata: {name: "
            + name
            + "}\nspec:\n  model: {name: "
            + name
            + ", version: \""
            + version
            + "\", uri: \""
            + MODELS.resolve("v" + version).resolve("model.onnx").toUri()
            + "\"}\n  replicas: 1\n  server: {args: [\"--drain-delay\", \"1s\"]}\n  strategy:\n"
            + strategy);
    return f;
  }

  private void apply(String server, Path file) {
    CommandLine cl = new CommandLine(new AviaryCli());
    cl.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
    java.io.StringWriter err = new java.io.StringWriter();
    cl.setErr(new java.io.PrintWriter(err));
    int code =
        cl.execute(
            "apply", "-f", file.toString(), "--server", server, "--state-dir", state.toString());
    assertThat(code).as("aviary apply: %s", err).isZero();
  }

  private static final String CANARY =
      "    canary:\n      steps:\n        - setWeight: 25\n        - pause: {duration: 3s}\n"
          + "        - setWeight: 50\n        - analysis:\n            metrics:\n"
          + "              - name: error-rate\n"
          + "                provider: {builtin: {metric: errorRate, window: 10s}}\n"
          + "                successCondition: result <= 0.05\n"
          + "                minSampleSize: 5\n                count: 2\n"
          + "                interval: 2s\n        - pause: {}\n";

  @Test
  void a_real_rollout_is_watched_and_promoted_from_the_browser() throws Exception {
    try (Platform platform =
        Platform.start(
            TestPlatforms.options(state, UpCommand.serveCommand(), state)
                .withModelRoots(List.of(MODELS)))) {
      String server = "http://127.0.0.1:" + platform.apiPort();
      String token = Files.readString(state.resolve("token")).trim();
      apply(server, spec("fraud", "1", CANARY));

      browser.get(server + "/?token=" + token);
      waitUpTo(10).until(d -> !d.findElements(By.cssSelector("tr[data-name=fraud]")).isEmpty());
      assertThat(browser.getCurrentUrl())
          .as("the token leaves the address bar")
          .doesNotContain(token);
      waitUpTo(60).until(d -> text("tr[data-name=fraud]").contains("Healthy"));
      assertThat(text("tr[data-name=fraud]")).contains("rev 1 · v1");

      try (Load load = new Load(platform.gatewayPort())) {
        apply(server, spec("fraud", "2", CANARY));
        waitUpTo(10).until(d -> text("tr[data-name=fraud]").contains("rev 2 · v2"));
        screenshot("deployments");

        click("tr[data-name=fraud] a");
        waitUpTo(10).until(d -> !d.findElements(By.cssSelector("#track li.current")).isEmpty());
        waitUpTo(60).until(d -> text("#weights").contains("canary 25%"));
        assertThat(text("#track li.current")).containsAnyOf("weight 25%", "pause 3s");
        waitUpTo(30).until(d -> text("#weights").contains("canary 50%"));
        waitUpTo(40).until(d -> !d.findElements(By.cssSelector("tr.measurement")).isEmpty());
        assertThat(text("tr.measurement")).contains("Successful");
        waitUpTo(40).until(d -> text("#phase").contains("Paused"));
        assertThat(text("#track li.current")).contains("pause (manual)");
        assertThat(text("#step")).isEqualTo("5/5");
        waitUpTo(10).until(d -> !d.findElements(By.cssSelector("#charts .uplot")).isEmpty());
        screenshot("rollout");
        ((JavascriptExecutor) browser)
            .executeScript("document.getElementById('traffic-title').scrollIntoView()");
        screenshot("rollout-analysis");
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");

        click("[data-action=promote]");
        assertThat(text("#confirm-title")).isEqualTo("Promote fraud?");
        click("#confirm-ok");
        waitUpTo(10).until(d -> text("#action-result").contains("accepted"));
        waitUpTo(60).until(d -> text("#phase").contains("Healthy"));
        assertThat(text("#stable")).contains("v2");
        waitUpTo(10).until(d -> text("#events").contains("promote (by dashboard)"));
        assertThat(load.failed.get()).as("requests failed during the rollout").isZero();

        // A refused action shows the API's words verbatim.
        click("[data-action=retry]");
        click("#confirm-ok");
        waitUpTo(10).until(d -> text("#action-result").contains("refused"));
        assertThat(text("#action-result"))
            .startsWith("Retry refused: only an aborted rollout can be retried, and fraud is");
      }

      // Deleted while open: the page says so.
      HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(server + "/api/v1/deployments/fraud"))
                  .header("Authorization", "Bearer " + token)
                  .DELETE()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      waitUpTo(10).until(d -> text("#gone").contains("does not exist"));

      // Without the token: a sign-in box, no data, and the API refuses an action.
      signOut();
      browser.navigate().refresh();
      waitUpTo(10).until(d -> !d.findElements(By.id("sign-in")).isEmpty());
      assertThat(browser.findElements(By.cssSelector("[data-action]"))).isEmpty();
      Object status =
          ((JavascriptExecutor) browser)
              .executeAsyncScript(
                  "const done = arguments[arguments.length - 1];"
                      + "fetch('/api/v1/deployments/fraud/promote', {method: 'POST',"
                      + " headers: {'Content-Type': 'application/json'}, body: '{}'})"
                      + ".then(r => done(r.status), e => done(String(e)));");
      assertThat(status).isEqualTo(401L);
      browser.findElement(By.id("token")).sendKeys("not-the-token");
      click("#sign-in button[type=submit]");
      waitUpTo(10).until(d -> text("#sign-in").contains("The token was refused"));
      screenshot("sign-in");

      // The platform stops: a banner says so and keeps retrying.
      browser.findElement(By.id("token")).sendKeys(token);
      click("#sign-in button[type=submit]");
      waitUpTo(10).until(d -> text("#gone").contains("does not exist"));
      platform.close();
      waitUpTo(20).until(d -> text("#banner").contains("does not answer"));
    }
  }

  @Test
  void the_list_renders_a_hundred_deployments() throws Exception {
    // Replicas that never become ready ("sleep" ignores the serve arguments): rows, not load.
    try (Platform platform =
        Platform.start(
            TestPlatforms.options(state, List.of("sh", "-c", "exec sleep 600"), state)
                .withModelRoots(List.of(MODELS)))) {
      String server = "http://127.0.0.1:" + platform.apiPort();
      String token = Files.readString(state.resolve("token")).trim();
      StringBuilder all = new StringBuilder();
      for (int i = 0; i < 100; i++) {
        all.append(Files.readString(spec(String.format("model-%03d", i), "1", CANARY)))
            .append("---\n");
      }
      Path file = state.resolve("all.yaml");
      Files.writeString(file, all);
      apply(server, file);

      browser.get(server + "/?token=" + token);
      long start = System.nanoTime();
      waitUpTo(20)
          .until(d -> d.findElements(By.cssSelector("#deployments tbody tr")).size() == 100);
      long millis = (System.nanoTime() - start) / 1_000_000;
      Files.writeString(
          SHOTS.resolve("list-100.txt"),
          "deployment list with 100 deployments rendered " + millis + " ms after navigation\n");
      System.out.println("dashboard: 100 deployments listed in " + millis + " ms");

      browser.findElement(By.id("filter")).sendKeys("model-04");
      waitUpTo(5).until(d -> d.findElements(By.cssSelector("#deployments tbody tr")).size() == 10);
      assertThat(text("#count")).isEqualTo("10 of 100 deployments");
      browser.manage().window().setSize(new Dimension(420, 800));
      screenshot("deployments-narrow");
      browser.manage().window().setSize(new Dimension(1280, 800));
    }
  }

  /** Closed-loop traffic to the fraud model through the gateway, counting failures. */
  private static final class Load implements AutoCloseable {
    final AtomicLong failed = new AtomicLong();
    final AtomicBoolean running = new AtomicBoolean(true);
    final Thread thread;

    Load(int gatewayPort) throws IOException {
      String body = Files.readString(MODELS.getParent().resolve("request.json"));
      URI uri = URI.create("http://127.0.0.1:" + gatewayPort + "/v2/models/fraud/infer");
      HttpClient http = HttpClient.newHttpClient();
      thread =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    HttpResponse<String> r =
                        http.send(
                            HttpRequest.newBuilder(uri)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                      failed.incrementAndGet();
                    }
                    Thread.sleep(20);
                  } catch (InterruptedException e) {
                    return;
                  } catch (Exception e) {
                    failed.incrementAndGet();
                  }
                }
              });
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join(15_000);
    }
  }
}
