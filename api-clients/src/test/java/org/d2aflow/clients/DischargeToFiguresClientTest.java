package org.d2aflow.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;

import org.d2aflow.clients.capacity.api.ServicesApi;
import org.d2aflow.clients.capacity.api.WaitingListApi;
import org.d2aflow.clients.capacity.model.Capacity;
import org.d2aflow.clients.capacity.model.ClaimRequest;
import org.d2aflow.clients.capacity.model.Service;
import org.d2aflow.clients.metrics.api.FiguresApi;
import org.d2aflow.clients.placement.api.PlacementsApi;
import org.d2aflow.clients.placement.model.End;
import org.d2aflow.clients.placement.model.EndReason;
import org.d2aflow.clients.placement.model.PlacementStatus;
import org.d2aflow.clients.placement.model.PlacementView;
import org.d2aflow.clients.placement.model.Problem;
import org.d2aflow.clients.placement.model.RefusalCode;
import org.d2aflow.clients.placement.model.Start;
import org.d2aflow.clients.referral.api.ReferralsApi;
import org.d2aflow.clients.referral.model.Discharge;
import org.d2aflow.clients.referral.model.DischargeReadyDate;
import org.d2aflow.clients.referral.model.Pathway;
import org.d2aflow.clients.referral.model.PathwayDecision;
import org.d2aflow.clients.referral.model.ReferralView;
import org.d2aflow.clients.referral.model.ServiceType;
import org.junit.jupiter.api.Test;

/**
 * placement-service and metrics-service through their generated clients, fed by the other two through theirs across the
 * real broker: a P1 discharge is claimed, placed, started and ended, refused where it breaks a rule, and counted.
 */
class DischargeToFiguresClientTest {

    private final LocalDate today = Services.today();

    @Test
    void aDischargeBecomesAPlacementAndReachesTheFiguresAllThroughGeneratedClients() throws Exception {
        String locality = "Client " + UUID.randomUUID().toString().substring(0, 8);
        ServicesApi homeFirst = new ServicesApi(Services.capacityClient("homefirst"));
        Service service = new ServicesApi(Services.capacityClient("admin")).registerService(CapacityClientTest.aService(locality), null);
        homeFirst.setCapacity(service.getId(), new Capacity().units(1).fromDate(today), null);

        ReferralsApi coordinator = new ReferralsApi(Services.referralClient("coordinator"));
        ReferralView r = coordinator.submitReferral(ReferralClientTest.aReferral(locality, today.minusDays(6)), null);
        r = coordinator.setDischargeReadyDate(r.getId(), new DischargeReadyDate().dischargeReadyDate(today.minusDays(1)), null);
        r = coordinator.decidePathway(r.getId(), new PathwayDecision().pathway(Pathway.P1).serviceType(ServiceType.REABLEMENT_HOME)
                .decidedAt(today), null);
        String referralId = r.getId();
        WaitingListApi waitingList = new WaitingListApi(Services.capacityClient("homefirst"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                waitingList.getWaitingList(locality, null, "REABLEMENT_HOME", null).getItems()).extracting(w -> w.getReferralId())
                .contains(referralId));
        coordinator.dischargePatient(referralId, new Discharge().dischargeDate(today).destinationCode("19").methodCode("1"), null, null);
        String claimId = homeFirst.claimCapacity(service.getId(), new ClaimRequest().referralId(referralId).startDate(today), null).getId();

        PlacementsApi provider = new PlacementsApi(Services.placementClient("homefirst"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(provider.getPlacement(claimId).getStatus())
                .isEqualTo(PlacementStatus.PENDING));
        var pending = provider.getPlacementWithHttpInfo(claimId);
        assertThat(pending.getHeaders().get("ETag")).containsExactly("\"" + pending.getData().getVersion() + "\"");
        PlacementView started = provider.startPlacement(claimId, new Start().startDate(today), null, etag(pending.getData()));
        assertThat(started.getStatus()).isEqualTo(PlacementStatus.ACTIVE);

        assertThat(refusal(409, () -> provider.startPlacement(claimId, new Start().startDate(today), null, null)).getCode())
                .isEqualTo(RefusalCode.PLACEMENT_STARTED);
        refusal(412, () -> provider.endPlacement(claimId, new End().endDate(today).endReason(EndReason.NO_ONGOING_SUPPORT), null,
                etag(pending.getData())));
        assertThat(refusal(422, () -> provider.endPlacement(claimId, new End().endDate(today.plusDays(3))
                .endReason(EndReason.NO_ONGOING_SUPPORT), null, null)).getErrors()).extracting(e -> e.getField()).contains("endDate");

        PlacementView ended = provider.endPlacement(claimId, new End().endDate(today).endReason(EndReason.NO_ONGOING_SUPPORT),
                UUID.randomUUID().toString(), etag(started));
        assertThat(ended.getStatus()).isEqualTo(PlacementStatus.ENDED);
        assertThat(provider.listPlacements(referralId, null, null, null, null, null).getItems())
                .extracting(PlacementView::getPlacementId).containsExactly(claimId);

        FiguresApi commissioner = new FiguresApi(Services.metricsClient("commissioner"));
        String day = today.toString();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(commissioner.getDrillDown("discharge-to-usual-residence",
                null, null, null, null, null, day, day).getReferrals().getNumerator()).contains(referralId));
        assertThat(commissioner.getFigure("discharge-to-usual-residence", null, null, null, null, null, day, null, day).getDenominator())
                .isPositive();
        assertThat(commissioner.getTrend("discharge-to-usual-residence", null, "week", day, day).getPoints()).hasSize(1);
        assertThat(commissioner.getHeadlineFigures(null, day, day)).containsKey("discharge-to-usual-residence");
        assertThat(commissioner.getProjectionProgress().getServing().getState()).isIn("LIVE", "CATCHING_UP");
    }

    @Test
    void anUnknownPlacementIsA404AndNoTokenA401() {
        PlacementsApi provider = new PlacementsApi(Services.placementClient("homefirst"));
        assertThat(refusal(404, () -> provider.getPlacement(UUID.randomUUID().toString())).getCode()).isEqualTo(RefusalCode.NOT_FOUND);
        refusal(401, () -> new PlacementsApi(Services.placementClient(null)).getPlacement(UUID.randomUUID().toString()));
    }

    @Test
    void metricsRefusalsAreProblemsNamingTheParameter() {
        FiguresApi commissioner = new FiguresApi(Services.metricsClient("commissioner"));
        assertThat(Services.refused(404, org.d2aflow.clients.metrics.model.Problem.class,
                () -> commissioner.getFigure("no-such-figure", null, null, null, null, null, null, null, null)).getCode())
                .isEqualTo(org.d2aflow.clients.metrics.model.RefusalCode.NOT_FOUND);
        assertThat(Services.refused(400, org.d2aflow.clients.metrics.model.Problem.class,
                () -> commissioner.getFigure("discharge-to-usual-residence", null, null, null, null, null, "2026-03-01", null, "2026-01-01"))
                .getErrors()).extracting(e -> e.getField()).contains("from");
        Services.refused(401, org.d2aflow.clients.metrics.model.Problem.class, () -> new FiguresApi(Services.metricsClient(null)).getLiveFigures());
    }

    private static String etag(PlacementView p) {
        return "\"" + p.getVersion() + "\"";
    }

    private static Problem refusal(int status, Services.Call call) {
        return Services.refused(status, Problem.class, call);
    }
}
