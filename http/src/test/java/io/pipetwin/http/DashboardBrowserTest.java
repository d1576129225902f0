package io.pipetwin.http;

import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.ingest.replay.TraceReplayer;
import io.pipetwin.ingest.synthetic.SyntheticAlibabaTrace;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import io.pipetwin.streams.app.TwinConfig;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.mirror.MirrorCounter;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Loads the dashboard in headless Chromium through chromedriver while a paced replay runs and checks,
 * from the state the page exposes as {@code window.__pipetwin}, that forecasts arrived over the event
 * stream and the queue, waiting-time and utilisation charts received data. Saves a screenshot as
 * {@code target/dashboard.png}. Skipped when {@code /usr/bin/chromium} or
 * {@code /usr/bin/chromedriver} is absent.
 */
class DashboardBrowserTest {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardBrowserTest.class);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String PLATFORM = "browser-platform";
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    @Test
    void chartsReceiveForecastsDuringReplay() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), CHROMIUM + " or " + CHROMEDRIVER
                + " is absent; install them with apt-get install -y chromium chromium-driver to run the dashboard test");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
             EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry().start()) {
            broker.createTopics(Topics.ALL.toArray(String[]::new));
            TwinConfig config = TwinConfig.of(broker.bootstrapServers(), registry.url())
                    .withApplicationId("http-browser-test")
                    .withStateDir(dir.resolve("state"))
                    .withForecast(ForecastSettings.defaults().withReplications(10));
            try (ServedTwin served = ServedTwin.start(config, new HttpSettings("127.0.0.1", 0))) {
                Path traceDir = dir.resolve("trace");
                SyntheticAlibabaTrace.write(traceDir, 400, 3);
                // 1,200 simulated seconds per wall second: four forecasts per second while the page is open.
                Thread replay = new Thread(() -> new TraceReplayer(
                        Replays.config(broker.bootstrapServers(), registry.url(), traceDir, PLATFORM).speed(1200),
                        PipeTwinSerdes.platformEvent(Map.of("schema.registry.url", registry.url())).serializer()).run(),
                        "browser-test-replay");
                replay.setDaemon(true);
                replay.start();
                Replays.await("ten forecasts published", () -> served.twin().counters(PLATFORM)
                        .map(c -> c.count(MirrorCounter.FORECASTS_PUBLISHED) >= 10).orElse(false));

                ChromeDriver browser = startBrowser(dir.resolve("profile"));
                try {
                    browser.get(served.url() + "?platform=" + PLATFORM);
                    Replays.await("charts drawn and a forecast pushed over the event stream", () -> {
                        Map<String, Object> page = pageState(browser);
                        return ((Number) page.get("events")).intValue() > 0
                                && points(page).getOrDefault("queue/gpu", 0L) > 1;
                    });
                    Thread.sleep(2_000);
                    Map<String, Object> page = pageState(browser);
                    Map<String, Long> points = points(page);
                    Path screenshot = Path.of("target", "dashboard.png").toAbsolutePath();
                    Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
                    LOG.info("Dashboard received {} pushed forecasts; chart points {}; screenshot {}", page.get("events"),
                            points, screenshot);

                    assertEquals(PLATFORM, page.get("platform"));
                    assertTrue(points.keySet().stream().anyMatch(id -> id.startsWith("waiting/")), points.toString());
                    long resourcePoints = points.entrySet().stream().filter(e -> e.getKey().startsWith("resources/"))
                            .mapToLong(Map.Entry::getValue).max().orElse(0);
                    assertTrue(resourcePoints > 1, "utilisation charts: " + points);
                    String chartPoints = browser.findElement(By.cssSelector("[data-chart='queue/gpu']")).getDomAttribute("data-points");
                    assertTrue(Integer.parseInt(chartPoints) > 1, "data-points of the gpu queue chart: " + chartPoints);
                    assertTrue(Files.size(screenshot) > 0, "empty screenshot " + screenshot);
                } finally {
                    browser.quit();
                }
                replay.interrupt();
            }
        }
    }

    private static ChromeDriver startBrowser(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1400,3800");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> pageState(ChromeDriver browser) {
        return (Map<String, Object>) browser.executeScript("return window.__pipetwin;");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> points(Map<String, Object> page) {
        Map<String, Long> points = new TreeMap<>();
        ((Map<String, Object>) page.get("points")).forEach((id, count) -> points.put(id, ((Number) count).longValue()));
        return points;
    }
}
