package org.facialcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The workbench in a real browser: Debian's Chromium, headless, driven by Selenium through Debian's
 * chromedriver. A clinician's session step by step (load an example, evaluate, follow the route, open a
 * "because", draw a derivation, ask "why not?", read the cards, make a mistake), with a screenshot of each step
 * in {@code target/workbench-screenshots/}, and axe-core's WCAG 2.1 A/AA checks on the filled page.
 *
 * <p>Without Chromium the tests are skipped with the reason, unless {@code FACIALCDS_BROWSER_TESTS=required}
 * (set by {@code .ci/run}, which installs it), where a missing browser fails the build.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkbenchBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target", "workbench-screenshots");

    @TempDir
    static Path dir;
    static CdsHooksServer server;
    static WebDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "required".equals(System.getenv("FACIALCDS_BROWSER_TESTS"))) {
            fail("FACIALCDS_BROWSER_TESTS=required but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing (apt-get install chromium chromium-driver)");
        }
        Assumptions.assumeTrue(installed, "no Chromium here: apt-get install chromium chromium-driver to run these");
        server = CdsHooksServer.start(Http.settings(dir).insecureNoAuth(true).build());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the flags this machine needs: no sandbox as root, and no background calls to a closed network
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1366,900",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        Files.createDirectories(SHOTS);
        browser.get(server.baseUrl() + "/");
        wait.until(d -> new Select(d.findElement(By.id("example"))).getOptions().size() > 1);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (server != null) server.stop();
    }

    /** Scrolls the step's part of the page into view, then saves what the browser shows. */
    static void screenshot(String name, By part) throws IOException {
        ((JavascriptExecutor) browser).executeScript(
                "arguments[0].scrollIntoView({block: 'start'})", browser.findElement(part));
        screenshot(name);
    }

    static void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve(name + ".png"), png);
    }

    static WebElement rec(String code) {
        return browser.findElement(By.cssSelector("#results .rec[data-code='" + code + "']"));
    }

    static void evaluateExample(String name) {
        new Select(browser.findElement(By.id("example"))).selectByValue(name);
        browser.findElement(By.id("load-example")).click();
        wait.until(d -> d.findElement(By.id("patient-json")).getAttribute("value").contains(name.split("\\.")[0]));
        String before = browser.findElement(By.id("results")).getText();
        browser.findElement(By.id("evaluate")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#results .rec")).isEmpty()
                && !d.findElement(By.id("results")).getText().equals(before));
    }

    @Test
    @Order(1)
    void whenAnExampleIsEvaluated_thenItsRecommendationsAreGroupedWithTheVetoHighlighted() throws IOException {
        screenshot("01-empty");
        evaluateExample("v30-beb-toxin-hypersensitivity");
        WebElement veto = rec("AVOID_BOTULINUM_TOXIN");
        assertThat(veto.getAttribute("class")).contains("rec-avoid");
        assertThat(veto.getAttribute("data-kind")).isEqualTo("AVOID");
        assertThat(veto.findElement(By.cssSelector(".reason")).getText()).isNotBlank();
        assertThat(rec("DX_BENIGN_ESSENTIAL_BLEPHAROSPASM").getText()).contains("blepharospasm");
        // a veto beats a suggestion: the vetoed toxin is not offered
        assertThat(browser.findElements(By.cssSelector("#results .rec[data-code='TX_BOTULINUM_TOXIN']"))).isEmpty();
        // the form was filled from the example: laterality shows what the JSON says
        assertThat(new Select(browser.findElement(By.cssSelector("#assessment-form select[data-path='twitching.laterality']"))).getFirstSelectedOption().getText())
                .containsIgnoringCase("synchronous");
        screenshot("02-evaluated", By.id("results-heading"));
    }

    @Test
    @Order(2)
    void whenTheRouteIsShown_thenTheFiredFilesAreHighlightedAndANodeOpensWithTheKeyboard() throws IOException {
        List<String> onRoute = browser.findElements(By.cssSelector("#pathway svg .node.on-route")).stream()
                .map(e -> e.getAttribute("data-file")).toList();
        assertThat(onRoute).contains("rules/diagnosis/blepharospasm.drl", "rules/vetoes/botulinum_toxin.drl")
                .doesNotContain("rules/redflags/alerts.drl");
        assertThat(browser.findElements(By.cssSelector("#pathway svg .route-edge"))).isNotEmpty();
        WebElement node = browser.findElement(By.cssSelector("#pathway svg .node[data-file='rules/vetoes/botulinum_toxin.drl']"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].focus()", node);
        node.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textMatches(By.id("node-detail"), Pattern.compile("VT-BONT-\\d+")));
        screenshot("03-route-node", By.id("pathway-heading"));
    }

    @Test
    @Order(3)
    void whenABecauseIsOpened_thenItsRulesAndFactsShowAndTheDerivationIsDrawn() throws IOException {
        WebElement dx = rec("DX_BENIGN_ESSENTIAL_BLEPHAROSPASM");
        WebElement because = dx.findElement(By.cssSelector("details.because"));
        because.findElement(By.tagName("summary")).click();
        wait.until(d -> because.getAttribute("open") != null);
        assertThat(because.getText()).contains("DX-BEB-01").contains("DX-BSP-01").contains("$.twitching.laterality");
        screenshot("04-because", By.cssSelector("#results .rec[data-code='DX_BENIGN_ESSENTIAL_BLEPHAROSPASM']"));
        dx.findElement(By.cssSelector(".show-derivation")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#derivation svg .dnode.rule[data-rule='DX-BSP-01']")).isEmpty());
        assertThat(browser.findElement(By.id("derivation-title")).getText()).contains("DX_BENIGN_ESSENTIAL_BLEPHAROSPASM");
        assertThat(browser.findElements(By.cssSelector("#derivation svg .dnode.code[data-code='BLEPHAROSPASM_CRITERIA']")))
                .isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#derivation svg .dnode.fact"))).hasSizeGreaterThan(3);
        screenshot("05-derivation", By.id("derivation-heading"));
    }

    @Test
    @Order(4)
    void whenWhyNotIsAsked_thenTheRuleThatCouldHaveProducedItSaysWhichConditionFailed() throws IOException {
        new Select(browser.findElement(By.id("whynot-code"))).selectByValue("DX_HFS_PRIMARY");
        browser.findElement(By.id("whynot-ask")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("whynot-result"), "Why not DX_HFS_PRIMARY?"));
        assertThat(browser.findElement(By.id("whynot-result")).getText()).contains("DX-HFS-12").contains("not met");
        screenshot("06-why-not", By.id("whynot-heading"));
    }

    @Test
    @Order(5)
    void whenTheCardsAreShown_thenTheyAreTheHooksWireFormat() throws IOException {
        String text = browser.findElement(By.id("cards-json")).getAttribute("textContent");
        JsonNode cards = Http.JSON.readTree(text);
        assertThat(Conformance.response(cards)).isEmpty();
        assertThat(cards.path("cards").size()).isPositive();
        assertThat(browser.findElement(By.id("cards")).getText()).contains(cards.path("cards").path(0).path("summary").asText());
        screenshot("07-cards", By.id("cards-heading"));
    }

    @Test
    @Order(6)
    void whenTheFilledPageIsCheckedByAxe_thenItHasNoWcagViolations() {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .analyze(browser);
        List<Rule> violations = results.getViolations();
        assertThat(violations).as(violations.stream().map(v -> v.getId() + " (" + v.getImpact() + "): " + v.getHelp()
                + " at " + v.getNodes().stream().map(n -> String.valueOf(n.getTarget())).limit(3)
                .collect(Collectors.joining(", "))).collect(Collectors.joining("\n"))).isEmpty();
        assertThat(results.getPasses()).isNotEmpty();
    }

    @Test
    @Order(7)
    void whenTheInputIsInvalid_thenTheErrorNamesTheFieldAndTheResultIsCleared() throws IOException {
        WebElement box = browser.findElement(By.id("patient-json"));
        box.clear();
        box.sendKeys("{\"age\": 190, \"twitching\": {\"laterality\": \"BOTH\"}}");
        browser.findElement(By.id("evaluate")).click();
        WebElement errors = browser.findElement(By.id("errors"));
        wait.until(ExpectedConditions.textToBePresentInElement(errors, "$.age"));
        assertThat(errors.getText()).contains("$.twitching.laterality").contains("expected");
        assertThat(errors.getAttribute("role")).isEqualTo("alert");
        assertThat(browser.findElements(By.cssSelector("#results .rec"))).isEmpty();
        screenshot("08-invalid-input", By.id("errors"));
    }

    @Test
    @Order(8)
    void whenAFhirBundleIsLoaded_thenItIsEvaluatedThroughTheMapping() throws IOException {
        evaluateExample("v04-hfs-imaging-not-done.bundle");
        assertThat(rec("DX_HFS_SUSPECTED").getText()).containsIgnoringCase("hemifacial");
        assertThat(browser.findElements(By.cssSelector("#results .rec[data-kind='IMAGING']"))).isNotEmpty();
        screenshot("09-fhir-bundle", By.id("results-heading"));
    }
}
