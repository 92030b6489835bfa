package org.d2aflow.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.UUID;

import org.d2aflow.clients.capacity.ApiException;
import org.d2aflow.clients.capacity.api.ServicesApi;
import org.d2aflow.clients.capacity.model.Capacity;
import org.d2aflow.clients.capacity.model.CapacityUnit;
import org.d2aflow.clients.capacity.model.ClaimRequest;
import org.d2aflow.clients.capacity.model.Problem;
import org.d2aflow.clients.capacity.model.RefusalCode;
import org.d2aflow.clients.capacity.model.RegisterService;
import org.d2aflow.clients.capacity.model.Service;
import org.d2aflow.clients.capacity.model.ServiceType;
import org.junit.jupiter.api.Test;

/** capacity-service through the client openapi-generator made from its document: a service, its capacity, and refusals. */
class CapacityClientTest {

    private final LocalDate today = Services.today();
    private final ServicesApi admin = new ServicesApi(Services.capacityClient("admin"));
    private final ServicesApi homeFirst = new ServicesApi(Services.capacityClient("homefirst"));

    static RegisterService aService(String locality) {
        return new RegisterService().name("Home First " + locality).serviceType(ServiceType.REABLEMENT_HOME).locality(locality)
                .unit(CapacityUnit.PACKAGE).providerOrganisation(Services.ORGANISATION);
    }

    @Test
    void aServiceIsRegisteredAndGivenCapacityWithTheDocumentedHeaders() throws ApiException {
        String locality = "Client " + UUID.randomUUID().toString().substring(0, 8);
        var registered = admin.registerServiceWithHttpInfo(aService(locality), UUID.randomUUID().toString());
        assertThat(registered.getStatusCode()).isEqualTo(201);
        Service s = registered.getData();
        assertThat(registered.getHeaders().get("Location")).singleElement().asString().endsWith("/services/" + s.getId());
        assertThat(registered.getHeaders().get("ETag")).containsExactly("\"" + s.getVersion() + "\"");

        var changed = homeFirst.setCapacityWithHttpInfo(s.getId(), new Capacity().units(3).fromDate(today), etag(s));
        assertThat(changed.getData().getToday().getUnits()).isEqualTo(3);
        assertThat(changed.getHeaders().get("ETag")).containsExactly("\"" + changed.getData().getVersion() + "\"");
        assertThat(homeFirst.getAvailability(s.getId(), today.toString(), today.plusDays(1).toString()).getDays())
                .extracting(d -> d.getFree()).containsExactly(3, 3);
        assertThat(admin.listServices(locality, "REABLEMENT_HOME")).extracting(Service::getId).containsExactly(s.getId());
        assertThat(homeFirst.getNextOffer(s.getId(), today.toString()).getClaimable()).isEqualTo(3);
    }

    @Test
    void anUnknownServiceIsA404Problem() {
        Problem p = refusal(404, () -> homeFirst.getService(UUID.randomUUID().toString()));
        assertThat(p.getCode()).isEqualTo(RefusalCode.NOT_FOUND);
    }

    @Test
    void aClaimForAnUnknownReferralIsA409NamingTheRule() throws ApiException {
        Service s = admin.registerService(aService("Client " + UUID.randomUUID().toString().substring(0, 8)), null);
        homeFirst.setCapacity(s.getId(), new Capacity().units(1).fromDate(today), null);

        Problem p = refusal(409, () -> homeFirst.claimCapacity(s.getId(), new ClaimRequest().referralId(UUID.randomUUID().toString())
                .startDate(today), null));
        assertThat(p.getCode()).isEqualTo(RefusalCode.REFERRAL_UNKNOWN);
    }

    @Test
    void aStaleIfMatchIsA412() throws ApiException {
        Service s = admin.registerService(aService("Client " + UUID.randomUUID().toString().substring(0, 8)), null);
        homeFirst.setCapacity(s.getId(), new Capacity().units(2).fromDate(today), etag(s));

        Problem p = refusal(412, () -> homeFirst.setCapacity(s.getId(), new Capacity().units(4).fromDate(today), etag(s)));
        assertThat(p.getCode()).isEqualTo(RefusalCode.STALE_VERSION);
    }

    @Test
    void capacityBeyondThePlanningHorizonIsA422NamingTheField() throws ApiException {
        Service s = admin.registerService(aService("Client " + UUID.randomUUID().toString().substring(0, 8)), null);

        Problem p = refusal(422, () -> homeFirst.setCapacity(s.getId(), new Capacity().units(2).fromDate(today.plusDays(800)), null));
        assertThat(p.getErrors()).extracting(e -> e.getField()).containsExactly("fromDate");
    }

    @Test
    void noTokenIsA401Problem() {
        ServicesApi anonymous = new ServicesApi(Services.capacityClient(null));
        refusal(401, () -> anonymous.listServices(null, null));
    }

    private static String etag(Service s) {
        return "\"" + s.getVersion() + "\"";
    }

    private static Problem refusal(int status, Services.Call call) {
        return Services.refused(status, Problem.class, call);
    }
}
