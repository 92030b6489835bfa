package org.d2aflow.capacity.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.capacity.Referrals.aReferral;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import org.d2aflow.capacity.CapacityApi;
import org.d2aflow.capacity.EventLog;
import org.d2aflow.capacity.Referrals.Story;
import org.d2aflow.capacity.Tables;
import org.d2aflow.capacity.Today;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.testkit.AxeCore;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.DefaultToken;
import org.d2aflow.testkit.HeadlessChromium;
import org.d2aflow.testkit.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * Home First's own page in headless Chromium: its organisation's services with today's capacity, who waits for them by
 * locality and service type with wait ages, and a claim made by keyboard; nothing of another organisation's services.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_capacity"))
class HomeFirstViewBrowserTest {

    private static final ServiceType HOME = ServiceType.REABLEMENT_HOME;

    @Inject
    Tables tables;

    @TestHTTPResource("/")
    URI page;

    private final LocalDate today = Today.date();
    private final String locality = CapacityApi.freshLocality();

    private String feed(Story story) {
        var envelopes = story.envelopes();
        EventLog.publish(envelopes);
        tables.awaitReferralEvents(envelopes);
        return story.id();
    }

    private static String group(String locality) {
        return "document.querySelector('.group[data-locality=\"" + locality + "\"]')";
    }

    @Test
    void homeFirstSeesItsServicesAndWhoWaitsWithWaitAgesAndClaimsAUnitByKeyboard() throws Exception {
        String ours = CapacityApi.serviceWith(HOME, locality, 2);
        Map<String, Object> other = CapacityApi.aService();
        other.put("locality", locality);
        other.put("providerOrganisation", "ANOTHER-PROVIDER");
        String theirs = CapacityApi.register(other);
        String otherLocality = CapacityApi.freshLocality();
        Map<String, Object> elsewhere = CapacityApi.aService();
        elsewhere.put("locality", otherLocality);
        elsewhere.put("providerOrganisation", "ANOTHER-PROVIDER");
        CapacityApi.register(elsewhere);
        String longest = feed(aReferral().inLocality(locality).readyOn(today.minusDays(9)).decidedFor(HOME, today.minusDays(10)));
        String newest = feed(aReferral().inLocality(locality).readyOn(today).decidedFor(HOME, today));
        feed(aReferral().inLocality(otherLocality).readyOn(today).decidedFor(HOME, today));

        String token = TestTokens.issuer().token("homefirst", DefaultToken.TEST_ORG);
        try (HeadlessChromium browser = HeadlessChromium.open(URI.create("about:blank"))) {
            browser.viewport(360, 800);
            browser.navigate(URI.create(page + "#token=" + token));
            browser.awaitValue("document.body.dataset.loaded || ''", v -> true, Duration.ofSeconds(30));
            browser.awaitValue(group(locality) + " ? " + group(locality) + ".querySelector('h3').textContent : ''", v -> true,
                    Duration.ofSeconds(10));

            assertThat(browser.evaluate("document.getElementById('who').textContent")).endsWith("of " + DefaultToken.TEST_ORG);
            // Today's capacity: its own service, not the other provider's.
            assertThat(browser.evaluate("Array.from(document.querySelectorAll('#capacity-table tr[data-service=\"" + ours + "\"] td'))"
                    + ".map(c => c.textContent).join('|')")).isEqualTo("2|2|2|0|Reablement home|" + locality);
            assertThat(browser.evaluate("String(!!document.querySelector('tr[data-service=\"" + theirs + "\"]'))")).isEqualTo("false");
            // The waiting list of its locality and service type, in offer order, with wait ages; none of another provider's locality.
            assertThat(browser.evaluate(group(locality) + ".querySelector('h3').textContent"))
                    .isEqualTo(locality + " · Reablement home: 2 waiting");
            assertThat(browser.evaluate("Array.from(" + group(locality) + ".querySelectorAll('tbody tr')).map(r => r.dataset.referral"
                    + " + ' ' + r.querySelector('.age').textContent).join('|')"))
                    .isEqualTo(longest + " 10 days (over a week)|" + newest + " 0 days");
            assertThat(browser.evaluate("String(!!" + group(otherLocality) + ")")).isEqualTo("false");

            assertThat(browser.horizontalFit()).isEqualTo("fits");
            assertThat(AxeCore.seriousViolations(browser, Path.of("target", "axe-core"))).as("axe-core serious or critical violations")
                    .isEmpty();
            browser.screenshot(Path.of("target", "homefirst-360.png"), true);

            // Claim by keyboard: focus the longest waiter's claim button, press Enter; the outcome takes focus and the row goes.
            browser.evaluate("document.querySelector('button.claim[data-referral=\"" + longest + "\"]').focus()");
            browser.press("Enter");
            assertThat(browser.awaitValue("document.getElementById('outcome').dataset.state || ''", v -> true, Duration.ofSeconds(20)))
                    .isEqualTo("ok");
            assertThat(browser.evaluate("document.activeElement.id")).isEqualTo("outcome");
            assertThat(browser.evaluate("document.getElementById('outcome').textContent")).startsWith("Claimed a unit of ")
                    .contains(" for referral " + longest + " from ");
            browser.awaitValue(group(locality) + ".querySelector('h3').textContent", v -> v.endsWith(": 1 waiting"), Duration.ofSeconds(20));
            assertThat(browser.evaluate("document.querySelector('#capacity-table tr[data-service=\"" + ours + "\"] td:nth-child(5)').textContent"))
                    .as("occupied today").isEqualTo("1");
        }
        given().get("/services/{id}/claims", ours).then().statusCode(200).body("referralId", org.hamcrest.Matchers.equalTo(List.of(longest)));
    }

    @Test
    void thePageIsServedWithAStrictContentSecurityPolicyAndAsksForATokenWithoutOne() throws Exception {
        for (String path : new String[] {"/", "/index.html", "/homefirst.js", "/homefirst.css", "/d2a/page.js", "/d2a/page.css"}) {
            var r = given().get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.header("Content-Security-Policy")).as(path).contains("script-src 'self';").contains("style-src 'self';")
                    .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(r.header("Cache-Control")).as(path).isEqualTo("no-cache");
            assertThat(r.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
        }
        try (HeadlessChromium browser = HeadlessChromium.open(page)) {
            assertThat(browser.awaitValue("String(!document.getElementById('sign-in').hidden)", "true"::equals, Duration.ofSeconds(20)))
                    .isEqualTo("true");
            assertThat(browser.evaluate("document.getElementById('capacity').textContent")).isEmpty();
        }
    }
}
