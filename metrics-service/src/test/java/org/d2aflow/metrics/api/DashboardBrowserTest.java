package org.d2aflow.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.metrics.LogWriter;
import org.d2aflow.testkit.TestTokens;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.HeadlessChromium;
import org.junit.jupiter.api.Test;

/** The dashboard in headless Chromium: figures render, and a tile changes when a new event reaches the broker. */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class DashboardBrowserTest {

    private static final String DENOMINATOR = "document.querySelector('#tile-discharge-to-usual-residence').dataset.denominator || ''";
    private static final String VALUE = "document.querySelector('#tile-discharge-to-usual-residence .value').textContent";

    @TestHTTPResource("/")
    URI dashboard;

    @Test
    void theDashboardRendersLiveFiguresAndUpdatesATileWhenAnEventArrives() throws Exception {
        LocalDate today = LocalDate.now();
        LogWriter.dischargedReferral("East", 83, today.minusDays(9), today.minusDays(4), Pathway.P1, ServiceType.REABLEMENT_HOME,
                today.minusDays(3), "19", "1");

        // The link deploy/d2a up prints: the token travels in the fragment, which the page keeps and removes from the address.
        String token = TestTokens.issuer().token("commissioner", "COMMISSIONING");
        try (HeadlessChromium browser = HeadlessChromium.open(URI.create(dashboard + "#token=" + token))) {
            assertThat(browser.awaitValue("String(location.hash === '' && sessionStorage.getItem('d2a.token') !== null)", "true"::equals,
                    Duration.ofSeconds(10))).isEqualTo("true");
            String before = browser.awaitValue(DENOMINATOR, v -> Integer.parseInt(v) >= 1, Duration.ofSeconds(60));
            assertThat(browser.awaitValue(VALUE, v -> v.endsWith("%"), Duration.ofSeconds(10))).matches("\\d+\\.\\d%");
            assertThat(browser.evaluate("document.getElementById('freshness').dataset.state")).isEqualTo("live");
            assertThat(browser.awaitValue("String(!!Chart.getChart('mix') && !!Chart.getChart('capacity'))", "true"::equals,
                    Duration.ofSeconds(10))).isEqualTo("true");
            browser.awaitValue("String(!!Chart.getChart('trend'))", "true"::equals, Duration.ofSeconds(10));

            LogWriter.dischargedReferral("Hereford City South", 71, today.minusDays(5), today.minusDays(2), Pathway.P0,
                    ServiceType.SOCIAL_SUPPORT, today.minusDays(1), "51", "1");

            String after = browser.awaitValue(DENOMINATOR, v -> Integer.parseInt(v) > Integer.parseInt(before), Duration.ofSeconds(60));
            assertThat(Integer.parseInt(after)).isEqualTo(Integer.parseInt(before) + 1);
            browser.screenshot(Path.of("target", "dashboard.png"));
        }
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
