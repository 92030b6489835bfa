package org.d2aflow.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.UUID;

import org.d2aflow.clients.referral.ApiException;
import org.d2aflow.clients.referral.api.ReferralsApi;
import org.d2aflow.clients.referral.model.CreateReferral;
import org.d2aflow.clients.referral.model.Discharge;
import org.d2aflow.clients.referral.model.DischargeCorrection;
import org.d2aflow.clients.referral.model.DischargeReadyDate;
import org.d2aflow.clients.referral.model.Pathway;
import org.d2aflow.clients.referral.model.PathwayDecision;
import org.d2aflow.clients.referral.model.Problem;
import org.d2aflow.clients.referral.model.ReferralStatus;
import org.d2aflow.clients.referral.model.ReferralView;
import org.d2aflow.clients.referral.model.RefusalCode;
import org.d2aflow.clients.referral.model.ServiceType;
import org.d2aflow.clients.referral.model.Sex;
import org.d2aflow.clients.referral.model.UsualResidence;
import org.junit.jupiter.api.Test;

/** referral-service through the client openapi-generator made from its document: a discharge case's life, and its refusals. */
class ReferralClientTest {

    private final LocalDate today = Services.today();
    private final ReferralsApi coordinator = new ReferralsApi(Services.referralClient("coordinator"));

    static CreateReferral aReferral(String locality, LocalDate admitted) {
        return new CreateReferral().nhsNumber("999 000 0018").dateOfBirth(LocalDate.of(1941, 6, 2)).sex(Sex.FEMALE).locality(locality)
                .site("County Hospital").ward("Ward 7").admissionDate(admitted).usualResidence(UsualResidence.PRIVATE_HOME);
    }

    @Test
    void aCaseIsRecordedDecidedDischargedAndCorrectedWithTheDocumentedHeaders() throws ApiException {
        String key = UUID.randomUUID().toString();
        var created = coordinator.submitReferralWithHttpInfo(aReferral("Client East", today.minusDays(5)), key);
        assertThat(created.getStatusCode()).isEqualTo(201);
        ReferralView r = created.getData();
        assertThat(r.getStatus()).isEqualTo(ReferralStatus.SUBMITTED);
        assertThat(created.getHeaders().get("Location")).singleElement().asString().endsWith("/referrals/" + r.getId());
        assertThat(created.getHeaders().get("ETag")).containsExactly("\"" + r.getVersion() + "\"");

        var replay = coordinator.submitReferralWithHttpInfo(aReferral("Client East", today.minusDays(5)), key);
        assertThat(replay.getData().getId()).isEqualTo(r.getId());
        assertThat(replay.getHeaders().get("Idempotent-Replay")).containsExactly("true");

        r = coordinator.setDischargeReadyDate(r.getId(), new DischargeReadyDate().dischargeReadyDate(today.minusDays(2)), etag(r));
        r = coordinator.decidePathway(r.getId(), new PathwayDecision().pathway(Pathway.P1).serviceType(ServiceType.REABLEMENT_HOME)
                .decidedAt(today.minusDays(1)), etag(r));
        assertThat(r.getStatus()).isEqualTo(ReferralStatus.PATHWAY_DECIDED);
        r = coordinator.dischargePatient(r.getId(), new Discharge().dischargeDate(today).destinationCode("19").methodCode("1"),
                UUID.randomUUID().toString(), etag(r));
        assertThat(r.getStatus()).isEqualTo(ReferralStatus.DISCHARGED);
        r = coordinator.correctDischarge(r.getId(), new DischargeCorrection().destinationCode("85").reason("Went to a care home"),
                null, etag(r));

        var got = coordinator.getReferralWithHttpInfo(r.getId());
        assertThat(got.getData().getDestinationCode()).isEqualTo("85");
        assertThat(got.getData().getHistory()).extracting(h -> h.getType()).contains("d2a.referral.discharge-corrected.v1");
        assertThat(got.getHeaders().get("ETag")).containsExactly("\"" + got.getData().getVersion() + "\"");
        assertThat(coordinator.listReferrals(null, null, "P1", "DISCHARGED", "Client East", 0, null, 50).getItems())
                .extracting(ReferralView::getId).contains(r.getId());
        assertThat(coordinator.readIdentity(r.getId(), "Arranging transport home").getNhsNumber().replaceAll("\\D", "")).isEqualTo("9990000018");
    }

    @Test
    void anUnknownReferralIsA404Problem() {
        Problem p = refusal(404, () -> coordinator.getReferral(UUID.randomUUID().toString()));
        assertThat(p.getCode()).isEqualTo(RefusalCode.NOT_FOUND);
    }

    @Test
    void aSecondDischargeIsA409NamingTheRule() throws ApiException {
        ReferralView r = coordinator.submitReferral(aReferral("Client West", today.minusDays(3)), null);
        Discharge home = new Discharge().dischargeDate(today).destinationCode("19").methodCode("1");
        coordinator.dischargePatient(r.getId(), home, null, null);

        Problem p = refusal(409, () -> coordinator.dischargePatient(r.getId(), home, null, null));
        assertThat(p.getCode()).isEqualTo(RefusalCode.REFERRAL_DISCHARGED);
    }

    @Test
    void aStaleIfMatchIsA412() throws ApiException {
        ReferralView r = coordinator.submitReferral(aReferral("Client West", today.minusDays(3)), null);
        coordinator.setDischargeReadyDate(r.getId(), new DischargeReadyDate().dischargeReadyDate(today.minusDays(1)), etag(r));

        Problem p = refusal(412, () -> coordinator.setDischargeReadyDate(r.getId(),
                new DischargeReadyDate().dischargeReadyDate(today), etag(r)));
        assertThat(p.getCode()).isEqualTo(RefusalCode.STALE_VERSION);
    }

    @Test
    void anInvalidNhsNumberIsA422NamingTheField() {
        Problem p = refusal(422, () -> coordinator.submitReferral(aReferral("Client West", today).nhsNumber("123 456 7890"), null));
        assertThat(p.getCode()).isEqualTo(RefusalCode.INVALID_INPUT);
        assertThat(p.getErrors()).extracting(e -> e.getField()).containsExactly("nhsNumber");
    }

    @Test
    void noTokenIsA401Problem() {
        ReferralsApi anonymous = new ReferralsApi(Services.referralClient(null));
        Problem p = refusal(401, () -> anonymous.listReferrals(null, null, null, null, null, null, null, null));
        assertThat(p.getStatus()).isEqualTo(401);
    }

    private static String etag(ReferralView r) {
        return "\"" + r.getVersion() + "\"";
    }

    private static Problem refusal(int status, Services.Call call) {
        return Services.refused(status, Problem.class, call);
    }
}
