package org.d2aflow.metrics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.kit.domain.ReturnPeriod;
import org.d2aflow.metrics.LogWriter;
import org.d2aflow.metrics.domain.FigureQuery;
import org.d2aflow.testkit.AxeCore;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.HeadlessChromium;
import org.d2aflow.testkit.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in headless Chromium: live figures, per-tile periods, targets and status, the state in the address, layout at
 * three widths, axe-core, the keyboard path through a drill-down and the strict Content-Security-Policy.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class DashboardBrowserTest {

    private static final String DTUR = "#tile-discharge-to-usual-residence";
    private static final String DENOMINATOR = "document.querySelector('" + DTUR + "').dataset.denominator || ''";
    private static final String VALUE = "document.querySelector('" + DTUR + " .value').textContent";
    /** Every CSP violation of every page load, recorded before the page's own scripts run. */
    private static final String RECORD_CSP = "window.cspViolations = []; document.addEventListener('securitypolicyviolation',"
            + " e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));";
    private static final Path AXE = Path.of("target", "axe-core");
    private static final String TREND_DRAWN = "String(document.querySelectorAll('.tile .spark').length)";

    @TestHTTPResource("/")
    URI dashboard;

    private static String token() {
        return TestTokens.issuer().token("commissioner", "COMMISSIONING");
    }

    private static void seed(LocalDate today) {
        LogWriter.dischargedReferral("East", 83, today.minusDays(9), today.minusDays(4), Pathway.P1, ServiceType.REABLEMENT_HOME,
                today.minusDays(3), "19", "1");
        LogWriter.dischargedReferral("City", 77, today.minusDays(12), today.minusDays(6), Pathway.P0, ServiceType.SOCIAL_SUPPORT,
                today.minusDays(5), "54", "1");
    }

    /** Opens the dashboard signed in (the token in the fragment, as deploy/d2a up prints it) and waits for its figures. */
    private HeadlessChromium open(String query, int width) throws Exception {
        HeadlessChromium browser = HeadlessChromium.open(URI.create("about:blank"));
        browser.viewport(width, 900);
        browser.beforeEveryPage(RECORD_CSP);
        browser.navigate(URI.create(dashboard + query + "#token=" + token()));
        browser.awaitValue(DENOMINATOR, v -> Integer.parseInt(v) >= 1, Duration.ofSeconds(60));
        browser.awaitValue(TREND_DRAWN, "6"::equals, Duration.ofSeconds(30));
        return browser;
    }

    @Test
    void theDashboardRendersLiveFiguresWithTargetsStatusAndTrendsAndUpdatesATileWhenAnEventArrives() throws Exception {
        LocalDate today = LocalDate.now();
        seed(today);
        try (HeadlessChromium browser = open("", 1440)) {
            assertThat(browser.evaluate("String(location.hash === '' && sessionStorage.getItem('d2a.token') !== null)")).isEqualTo("true");
            String before = browser.evaluate(DENOMINATOR);
            assertThat(browser.awaitValue(VALUE, v -> v.endsWith("%"), Duration.ofSeconds(10))).matches("\\d+\\.\\d%");
            assertThat(browser.awaitValue("document.getElementById('freshness').dataset.state", "live"::equals, Duration.ofSeconds(20)))
                    .isEqualTo("live");
            // Targets from configuration: the plan's and, in the test profile, a local stretch; status in words and an icon.
            assertThat(browser.evaluate("Array.from(document.querySelectorAll('" + DTUR + " .targets li')).map(l => l.textContent).join('|')"))
                    .matches("Plan target: 91\\.6% \\((met|not met)\\)\\|Local stretch: 93\\.0% \\((met|not met)\\)");
            assertThat(browser.evaluate("document.querySelector('#tile-still-at-home-91 .targets').textContent")).contains("Plan target: 80.0%");
            String state = browser.evaluate("document.querySelector('" + DTUR + "').dataset.status");
            String words = browser.evaluate("document.querySelector('" + DTUR + " .status .words').textContent");
            String icon = browser.evaluate("document.querySelector('" + DTUR + " .status .icon').textContent");
            assertThat(state).isIn("met", "missed");
            assertThat(words).isEqualTo(state.equals("met") ? "On target (plan target 91.6%)" : "Below plan target (91.6%)");
            assertThat(icon).isEqualTo(state.equals("met") ? "✓" : "!");
            assertThat(browser.evaluate("document.querySelector('#tile-length-of-stay .status .words').textContent")).isEqualTo("No target set");
            // The trend line has the targets drawn, and a table gives the same points.
            assertThat(browser.evaluate("String(document.querySelectorAll('" + DTUR + " .spark line.goal').length)")).isEqualTo("2");
            assertThat(browser.evaluate("String(document.querySelectorAll('" + DTUR + " .trend-table tbody tr').length)")).isEqualTo("12");
            // The P1 tile's trend is capacity-demand's share of P1 referrals declined for capacity, month by month.
            assertThat(browser.evaluate("String(Array.from(document.querySelectorAll('#tile-p1-declined .trend-table tbody tr'))"
                    + ".some(r => /\\d\\.\\d%\\d+ of [1-9]/.test(r.textContent)))")).isEqualTo("true");
            assertThat(browser.awaitValue("String(!!Chart.getChart('mix') && !!Chart.getChart('capacity'))", "true"::equals,
                    Duration.ofSeconds(10))).isEqualTo("true");
            assertThat(browser.evaluate("String(document.querySelectorAll('#capacity-table caption').length"
                    + " + document.querySelectorAll('#mix-table tbody tr').length)")).isEqualTo("5");

            LogWriter.dischargedReferral("Hereford City South", 71, today.minusDays(5), today.minusDays(2), Pathway.P0,
                    ServiceType.SOCIAL_SUPPORT, today.minusDays(1), "51", "1");

            String after = browser.awaitValue(DENOMINATOR, v -> Integer.parseInt(v) > Integer.parseInt(before), Duration.ofSeconds(60));
            assertThat(Integer.parseInt(after)).isEqualTo(Integer.parseInt(before) + 1);
            assertThat(browser.evaluate("window.cspViolations.join(', ')")).isEmpty();

            // Returns: every return listed with CSV and xlsx links for its period and the as-known-at chosen; the link fetches it with the token.
            assertThat(browser.awaitValue("Array.from(document.querySelectorAll('#returns-list li.return')).map(l => l.dataset.return).join(',')",
                    v -> v.contains("drd-timeliness"), Duration.ofSeconds(10))).startsWith("discharge-sitrep,drd-timeliness");
            // A weekly return starts at the last complete ISO week.
            assertThat(browser.evaluate("document.getElementById('return-period-discharge-sitrep-weekly-reasons').value")).isEqualTo(
                    ReturnPeriod.weekOf(LocalDate.now(FigureQuery.ZONE).minusDays(7)).label());
            browser.evaluate("(() => { const i = document.getElementById('return-period-drd-timeliness'); i.value = '2017-05';"
                    + " i.dispatchEvent(new Event('change')); const k = document.getElementById('returns-known'); k.value = '2026-01-05T10:00:00';"
                    + " k.dispatchEvent(new Event('change')); return ''; })()");
            String href = browser.evaluate("document.querySelector('li[data-return=\"drd-timeliness\"] a.returns-csv').getAttribute('href')");
            assertThat(href).startsWith("/returns/drd-timeliness?period=2017-05&asKnownAt=2026-01-05T");
            browser.evaluate("document.querySelector('li[data-return=\"drd-timeliness\"] a.returns-csv').click()");
            assertThat(browser.awaitValue("document.getElementById('returns-result').textContent", v -> v.startsWith("Saved"),
                    Duration.ofSeconds(10))).isEqualTo("Saved drd-timeliness-2017-05.csv");
            // ... and an xlsx link beside it, for the same period and instant, asking for the workbook.
            assertThat(browser.evaluate("document.querySelector('li[data-return=\"drd-timeliness\"] a.returns-xlsx').getAttribute('href')"))
                    .isEqualTo(href);
            browser.evaluate("document.querySelector('li[data-return=\"drd-timeliness\"] a.returns-xlsx').click()");
            assertThat(browser.awaitValue("document.getElementById('returns-result').textContent", v -> v.endsWith(".xlsx"),
                    Duration.ofSeconds(10))).isEqualTo("Saved drd-timeliness-2017-05.xlsx");
            assertThat(browser.evaluate("window.cspViolations.join(', ')")).isEmpty();
        }
    }

    @Test
    void theAddressHoldsThePagesStateSoThatALinkShowsTheSameView() throws Exception {
        seed(LocalDate.now());
        // As known at an instant before any of these events was recorded: the tile counts nothing, and the link opens a drill-down.
        String query = "?period=bcf-year&period.still-at-home-91=quarter&asKnownAt=2026-01-05T10:00:00Z&open=discharge-to-usual-residence";
        HeadlessChromium browser = HeadlessChromium.open(URI.create("about:blank"));
        try (browser) {
            browser.navigate(URI.create(dashboard + query + "#token=" + token()));
            browser.awaitValue(DENOMINATOR, "0"::equals, Duration.ofSeconds(60));
            assertThat(browser.evaluate("document.getElementById('page-period').value")).isEqualTo("bcf-year");
            assertThat(browser.evaluate("document.getElementById('period-still-at-home-91').value")).isEqualTo("quarter");
            assertThat(browser.evaluate("document.getElementById('period-discharge-to-usual-residence').value")).isEmpty();
            assertThat(browser.evaluate("document.querySelector('#tile-still-at-home-91 .period-text').textContent"))
                    .isEqualTo("This quarter: 1 Jan 2026 to 5 Jan 2026");
            assertThat(browser.evaluate("document.querySelector('" + DTUR + " .period-text').textContent"))
                    .isEqualTo("This BCF year (April to March): 1 Apr 2025 to 5 Jan 2026");
            assertThat(browser.awaitValue("document.getElementById('as-known-text').textContent", v -> true, Duration.ofSeconds(20)))
                    .startsWith("As known at 05/01/2026, 10:00:00");
            browser.awaitValue("String(document.getElementById('drill-down').open)", "true"::equals, Duration.ofSeconds(20));
            assertThat(browser.awaitValue("document.querySelector('#drill-table caption') ? document.querySelector('#drill-table caption').textContent : ''",
                    v -> true, Duration.ofSeconds(20))).startsWith("0 referrals behind");
            // A change of period is written back to the address.
            browser.evaluate("(() => { const s = document.getElementById('period-length-of-stay'); s.value = 'week';"
                    + " s.dispatchEvent(new Event('change')); })()");
            assertThat(browser.evaluate("location.search")).contains("period.length-of-stay=week").contains("asKnownAt=2026-01-05T10%3A00%3A00.000Z")
                    .contains("open=discharge-to-usual-residence").contains("period=bcf-year");
            assertThat(browser.evaluate("document.getElementById('share-link').href")).isEqualTo(browser.evaluate("location.href"));
        }
    }

    @Test
    void atPhoneTabletAndDesktopWidthsThePageFitsAndAxeFindsNothingSeriousOrCritical() throws Exception {
        seed(LocalDate.now());
        for (int width : new int[] {360, 768, 1440}) {
            try (HeadlessChromium browser = open("", width)) {
                assertThat(browser.evaluate("String(innerWidth)")).as("viewport").isEqualTo(String.valueOf(width));
                assertThat(browser.horizontalFit()).as("horizontal overflow at " + width).isEqualTo("fits");
                List<String> serious = AxeCore.seriousViolations(browser, AXE);
                // Once more with a drill-down open: the dialog and its table.
                browser.evaluate("document.querySelector('" + DTUR + " .drill').click()");
                browser.awaitValue("document.activeElement.id", "drill-table"::equals, Duration.ofSeconds(20));
                assertThat(browser.horizontalFit()).as("horizontal overflow at " + width + " with the drill-down open").isEqualTo("fits");
                serious.addAll(AxeCore.seriousViolations(browser, AXE));
                browser.evaluate("document.getElementById('drill-down').close()");
                browser.screenshot(Path.of("target", "dashboard-" + width + ".png"), true);
                if (width == 360) {
                    forcedColoursAndReducedMotion(browser);
                }
                assertThat(serious).as("axe-core serious or critical violations at " + width + " px").isEmpty();
                assertThat(browser.evaluate("window.cspViolations.join(', ')")).as("CSP violations").isEmpty();
            }
            assertThat(Files.size(Path.of("target", "dashboard-" + width + ".png"))).isGreaterThan(10_000);
        }
    }

    /** Windows high contrast and reduced motion: the page's own rules apply, status keeps its icon and words, nothing moves. */
    private static void forcedColoursAndReducedMotion(HeadlessChromium browser) throws Exception {
        browser.mediaFeatures(Map.of("forced-colors", "active", "prefers-reduced-motion", "reduce", "prefers-contrast", "more"));
        assertThat(browser.evaluate("String(matchMedia('(forced-colors: active)').matches && matchMedia('(prefers-reduced-motion: reduce)').matches)"))
                .isEqualTo("true");
        String tile = "getComputedStyle(document.querySelector('" + DTUR + "'))";
        assertThat(browser.evaluate(tile + ".borderTopStyle + ' ' + " + tile + ".borderLeftWidth")).as("tiles get borders").isEqualTo("solid 6px");
        assertThat(browser.evaluate("document.querySelector('" + DTUR + " .status').textContent")).matches("[✓!?–] \\S.+");
        assertThat(browser.evaluate("String(Array.from(document.querySelectorAll('*')).every(e => {"
                + " const s = getComputedStyle(e); return s.animationName === 'none' && (s.transitionDuration === '0s'); }))"))
                .as("nothing animates").isEqualTo("true");
        assertThat(browser.horizontalFit()).isEqualTo("fits");
        browser.screenshot(Path.of("target", "dashboard-360-forced-colours.png"), true);
        browser.mediaFeatures(Map.of());
    }

    @Test
    void aKeyboardAloneOpensADrillDownOfPseudonymousReferralsAndClosesItBackToItsButton() throws Exception {
        String id = LogWriter.dischargedReferral("East", 80, LocalDate.now().minusDays(8), LocalDate.now().minusDays(3), Pathway.P1,
                ServiceType.REABLEMENT_HOME, LocalDate.now().minusDays(2), "19", "1");
        try (HeadlessChromium browser = open("", 768)) {
            String focused = "(document.activeElement.dataset && document.activeElement.dataset.tile) || document.activeElement.tagName";
            String reached = "";
            for (int i = 0; i < 60 && !reached.equals("discharge-to-usual-residence"); i++) {
                browser.press("Tab");
                reached = browser.evaluate(focused);
            }
            assertThat(reached).as("Tab reaches the first tile's drill-down button").isEqualTo("discharge-to-usual-residence");
            assertThat(browser.evaluate("getComputedStyle(document.activeElement).outlineStyle")).as("focus is visible").isEqualTo("solid");
            browser.press("Enter");
            assertThat(browser.awaitValue("document.activeElement.id", "drill-table"::equals, Duration.ofSeconds(20))).isEqualTo("drill-table");
            assertThat(browser.evaluate("String(document.getElementById('drill-down').open)")).isEqualTo("true");
            assertThat(browser.evaluate("new URLSearchParams(location.search).get('open')")).isEqualTo("discharge-to-usual-residence");
            String rows = browser.evaluate("Array.from(document.querySelectorAll('#drill-table tbody tr')).map(r => r.textContent).join('\\n')");
            assertThat(rows).contains(id + "In the numerator");
            // Pseudonymised: referral ids only, never the patient key, an NHS number or a name.
            assertThat(browser.evaluate("Array.from(document.querySelectorAll('#drill-table tbody th')).every(c =>"
                    + " /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(c.textContent)) ? 'ids only' : 'other'"))
                    .isEqualTo("ids only");
            assertThat(browser.evaluate("document.getElementById('drill-down').textContent")).doesNotContain("a1b2c3");
            String drill = given().header("Authorization", "Bearer " + token()).get("/figures/discharge-to-usual-residence/drill-down").asString();
            assertThat(drill).contains(id).doesNotContain("a1b2c3").doesNotContainPattern("\\b9\\d{9}\\b");

            browser.press("Escape");
            assertThat(browser.awaitValue("String(document.getElementById('drill-down').open)", "false"::equals, Duration.ofSeconds(10)))
                    .isEqualTo("false");
            assertThat(browser.evaluate(focused)).as("focus is back on the button that opened it").isEqualTo("discharge-to-usual-residence");
            assertThat(browser.evaluate("location.search")).doesNotContain("open=");
        }
    }

    @Test
    void theTargetsComeFromConfigurationPlanFirst() {
        String targets = given().header("Authorization", "Bearer " + token()).get("/figures/targets").then().statusCode(200).extract()
                .asString();
        assertThat(targets).isEqualTo("{\"targets\":[{\"figure\":\"discharge-to-usual-residence\",\"name\":\"plan\",\"value\":0.916,"
                + "\"unit\":\"share\",\"better\":\"higher\"},{\"figure\":\"discharge-to-usual-residence\",\"name\":\"local stretch\",\"value\":0.93,"
                + "\"unit\":\"share\",\"better\":\"higher\"},{\"figure\":\"still-at-home-91\",\"name\":\"plan\",\"value\":0.80,\"unit\":\"share\","
                + "\"better\":\"higher\"}]}");
    }

    @Test
    void withoutATokenTheDashboardAsksForOneAndShowsNoFigures() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.open(dashboard)) {
            assertThat(browser.awaitValue("String(!document.getElementById('sign-in').hidden)", "true"::equals, Duration.ofSeconds(20)))
                    .isEqualTo("true");
            assertThat(browser.evaluate(VALUE)).isEqualTo("–");
            assertThat(browser.evaluate("document.getElementById('freshness').dataset.state")).isEqualTo("stale");
        }
    }
}
