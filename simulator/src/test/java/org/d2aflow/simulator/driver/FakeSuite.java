package org.d2aflow.simulator.driver;

import org.d2aflow.contracts.reference.RefusalCode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the three write services, in one in-process HTTP server: just the rules the simulator meets
 * (no future dates, past capacity and claim dates refused, no free unit, not waiting yet, discharge before the
 * ready date, start before discharge, follow-up before day 91) and the asynchrony between them (a decision
 * reaches capacity, a claim and a discharge reach placements, an end releases its claim, each a little later).
 * It keeps a log of the accepted changes, so a test can compare two runs call by call.
 */
final class FakeSuite implements AutoCloseable {

    static {
        // Otherwise headers and body go out in two small writes and every answer waits for a delayed ACK (~40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private final LocalDate today;
    private final long lagMillis;
    private final long releaseLagMillis;

    private final Map<String, ObjectNode> referrals = new HashMap<>();
    /** What capacity-service has heard of each referral's decision: its service type. */
    private final Map<String, String> decidedForCapacity = new HashMap<>();
    private final Map<String, ObjectNode> services = new HashMap<>();
    private final Map<String, Integer> units = new HashMap<>();
    private final Map<String, Integer> occupied = new HashMap<>();
    private final Map<String, ObjectNode> placements = new HashMap<>();
    private final Map<String, String> dischargeForPlacements = new HashMap<>();
    private final Map<String, String> idempotency = new HashMap<>();
    private final List<String> accepted = new ArrayList<>();
    private int ids;
    private int maxOverUnits;

    FakeSuite(LocalDate today, long lagMillis) throws IOException {
        this(today, lagMillis, lagMillis);
    }

    /** {@code releaseLagMillis}: how long an ended placement's release takes to reach capacity (other events: {@code lagMillis}). */
    FakeSuite(LocalDate today, long lagMillis, long releaseLagMillis) throws IOException {
        this.today = today;
        this.lagMillis = lagMillis;
        this.releaseLagMillis = releaseLagMillis;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized List<String> acceptedChanges() {
        return new ArrayList<>(accepted);
    }

    synchronized int timesOverCapacity() {
        return maxOverUnits;
    }

    @Override
    public void close() {
        server.stop(0);
        later.shutdownNow();
    }

    private void handle(HttpExchange x) throws IOException {
        String method = x.getRequestMethod();
        String path = x.getRequestURI().getPath();
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        JsonNode in = body.isBlank() ? json.createObjectNode() : json.readTree(body);
        String key = x.getRequestHeaders().getFirst("Idempotency-Key");
        Object[] answer;
        String auth = x.getRequestHeaders().getFirst("Authorization");
        synchronized (this) {
            if (!path.startsWith("/q/") && (auth == null || !auth.startsWith("Bearer "))) {
                // Like the real services: everything but health needs a bearer token.
                answer = new Object[] {401, Map.of("title", "Authentication required")};
            } else {
                answer = route(method, path.split("/"), in, key);
            }
            if ((int) answer[0] < 300 && !"GET".equals(method)) {
                accepted.add(method + " " + path + " " + body);
            }
        }
        byte[] bytes = json.writeValueAsBytes(answer[1]);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders((int) answer[0], bytes.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(bytes);
        }
    }

    private Object[] route(String method, String[] p, JsonNode in, String key) {
        if (p.length >= 4 && p[1].equals("q")) {
            return ok(json.createObjectNode().put("status", "UP"));
        }
        if (key != null && idempotency.containsKey(key)) {
            return new Object[] {201, json.createObjectNode().put("id", idempotency.get(key))};
        }
        switch (p[1]) {
            case "referrals":
                return referral(method, p, in, key);
            case "services":
                return service(method, p, in, key);
            case "placements":
                return placement(method, p, in);
            default:
                return problem(404, "no such path", null);
        }
    }

    private Object[] referral(String method, String[] p, JsonNode in, String key) {
        if (p.length == 2 && method.equals("POST")) {
            if (future(in, "admissionDate")) {
                return problem(422, "invalid", "admissionDate");
            }
            String id = "ref-" + (++ids);
            ObjectNode r = ((ObjectNode) in.deepCopy()).put("id", id);
            referrals.put(id, r);
            remember(key, id);
            return created(id);
        }
        ObjectNode r = referrals.get(p[2]);
        if (r == null) {
            return problem(404, "no referral", null);
        }
        if (p.length == 5 && p[3].equals("discharge")) {
            // Corrections of the discharge in force: amend (the fields given replace the discharge's) or void.
            if (!r.has("dischargeDate")) {
                return problem(409, "no discharge to correct", null);
            }
            if (!in.hasNonNull("reason")) {
                return problem(400, "invalid", "reason");
            }
            String rid = r.get("id").asText();
            if (p[4].equals("void")) {
                r.remove("dischargeDate");
                after(() -> dischargeForPlacements.remove(rid));
                return ok(r);
            }
            if (p[4].equals("corrections")) {
                if (in.has("dischargeDate")) {
                    if (future(in, "dischargeDate")) {
                        return problem(422, "invalid", "dischargeDate");
                    }
                    r.put("dischargeDate", in.get("dischargeDate").asText());
                    String when = in.get("dischargeDate").asText();
                    after(() -> dischargeForPlacements.put(rid, when));
                }
                return ok(r);
            }
            return problem(404, "no such path", null);
        }
        if (p[3].equals("delay-reasons")) {
            // As referral-service: a code, and a date from the discharge ready date to the day before the discharge.
            if (!in.hasNonNull("code") || !r.has("dischargeReadyDate")
                    || date(in, "effectiveFrom").isBefore(date(r, "dischargeReadyDate"))
                    || (r.has("dischargeDate") && !date(in, "effectiveFrom").isBefore(date(r, "dischargeDate")))) {
                return problem(422, "invalid", "effectiveFrom");
            }
            r.put("delayReason", in.get("code").asText());
            return ok(r);
        }
        if (r.has("dischargeDate")) {
            return refusal(RefusalCode.DISCHARGED, "Cannot change: the patient was discharged");
        }
        switch (p[3]) {
            case "discharge-ready-date":
                if (date(in, "dischargeReadyDate").isBefore(date(r, "admissionDate"))) {
                    return problem(422, "invalid", "dischargeReadyDate");
                }
                r.put("dischargeReadyDate", in.get("dischargeReadyDate").asText());
                return ok(r);
            case "pathway-decision":
                if (future(in, "decidedAt")) {
                    return problem(422, "invalid", "decidedAt");
                }
                r.put("serviceType", in.get("serviceType").asText());
                String type = in.get("serviceType").asText();
                String id = r.get("id").asText();
                after(() -> decidedForCapacity.put(id, type));
                return ok(r);
            case "discharge":
                if (future(in, "dischargeDate")) {
                    return problem(422, "invalid", "dischargeDate");
                }
                if (r.has("dischargeReadyDate") && date(in, "dischargeDate").isBefore(date(r, "dischargeReadyDate"))) {
                    return refusal(RefusalCode.DISCHARGE_BEFORE_READY_DATE, "The discharge date is before the discharge ready date");
                }
                boolean died = "79".equals(in.get("destinationCode").asText());
                if (died != "4".equals(in.get("methodCode").asText())) {
                    return problem(422, "invalid", "methodCode");
                }
                r.put("dischargeDate", in.get("dischargeDate").asText());
                String rid = r.get("id").asText();
                String when = in.get("dischargeDate").asText();
                after(() -> dischargeForPlacements.put(rid, when));
                return ok(r);
            default:
                return problem(404, "no such path", null);
        }
    }

    private Object[] service(String method, String[] p, JsonNode in, String key) {
        if (p.length == 2 && method.equals("POST")) {
            String id = "svc-" + (++ids);
            services.put(id, ((ObjectNode) in.deepCopy()).put("id", id));
            units.put(id, 0);
            occupied.put(id, 0);
            remember(key, id);
            return created(id);
        }
        String id = p[2];
        if (!services.containsKey(id)) {
            return problem(404, "no service", null);
        }
        if (p.length == 3) {
            ObjectNode view = services.get(id).deepCopy();
            view.putObject("today").put("units", units.get(id)).put("occupied", occupied.get(id));
            return ok(view);
        }
        switch (p[3]) {
            case "capacity":
                if (in.has("fromDate") && date(in, "fromDate").isBefore(today)) {
                    return problem(422, "invalid", "fromDate");
                }
                units.put(id, in.get("units").asInt());
                return ok(services.get(id));
            case "claims":
                if (in.has("startDate") && date(in, "startDate").isBefore(today)) {
                    return problem(422, "invalid", "startDate");
                }
                String referral = in.get("referralId").asText();
                String type = services.get(id).get("serviceType").asText();
                if (!type.equals(decidedForCapacity.get(referral))) {
                    return refusal(RefusalCode.NO_PATHWAY_DECISION, "Cannot claim a unit: Referral " + referral + " has no pathway decision yet");
                }
                if (occupied.get(id) >= units.get(id)) {
                    return refusal(RefusalCode.NO_FREE_UNIT, "No free unit on " + today + ": " + units.get(id) + " declared");
                }
                occupied.merge(id, 1, Integer::sum);
                String claim = "claim-" + (++ids);
                remember(key, claim);
                decidedForCapacity.remove(referral);
                after(() -> placements.put(claim, json.createObjectNode().put("placementId", claim).put("referralId", referral)
                        .put("serviceId", id).put("serviceType", type).put("status", "PENDING")));
                return created(claim);
            case "declines":
                decidedForCapacity.remove(in.get("referralId").asText());
                return created("decline-" + (++ids));
            default:
                return problem(404, "no such path", null);
        }
    }

    private Object[] placement(String method, String[] p, JsonNode in) {
        ObjectNode pl = placements.get(p[2]);
        if (pl == null) {
            return problem(404, "no placement", null);
        }
        String discharge = dischargeForPlacements.get(pl.get("referralId").asText());
        if (p.length == 3) {
            ObjectNode view = pl.deepCopy();
            if (discharge != null) {
                view.put("dischargeDate", discharge);
            }
            return ok(view);
        }
        if (p.length == 5 && p[3].equals("follow-up") && p[4].equals("corrections")) {
            if (!pl.has("day91Status")) {
                return problem(409, "no follow-up to correct", null);
            }
            pl.put("day91Status", in.get("day91Status").asText());
            return ok(pl);
        }
        switch (p[3]) {
            case "start":
                if (discharge == null) {
                    return refusal(RefusalCode.NOT_DISCHARGED, "the patient has not been discharged from hospital yet");
                }
                if (future(in, "startDate")) {
                    return problem(422, "invalid", "startDate");
                }
                if (date(in, "startDate").isBefore(LocalDate.parse(discharge))) {
                    return refusal(RefusalCode.START_BEFORE_DISCHARGE, "start before discharge");
                }
                pl.put("status", "ACTIVE").put("startDate", in.get("startDate").asText());
                return ok(pl);
            case "end":
                if (!"ACTIVE".equals(pl.get("status").asText()) || future(in, "endDate")
                        || date(in, "endDate").isBefore(date(pl, "startDate"))) {
                    return refusal(RefusalCode.PLACEMENT_NOT_STARTED, "cannot end");
                }
                pl.put("status", "ENDED").put("endDate", in.get("endDate").asText());
                String service = pl.get("serviceId").asText();
                after(releaseLagMillis, () -> occupied.merge(service, -1, Integer::sum));
                return ok(pl);
            case "follow-up":
                if (discharge == null || today.isBefore(LocalDate.parse(discharge).plusDays(91)) || pl.has("day91Status")
                        || !pl.has("startDate")) {
                    return refusal(RefusalCode.FOLLOW_UP_NOT_DUE, "The follow-up is not due");
                }
                pl.put("day91Status", in.get("day91Status").asText());
                return ok(pl);
            default:
                return problem(404, "no such path", null);
        }
    }

    private void after(Runnable r) {
        after(lagMillis, r);
    }

    private void after(long lag, Runnable r) {
        later.schedule(() -> {
            synchronized (this) {
                r.run();
                for (String id : units.keySet()) {
                    maxOverUnits += occupied.get(id) > units.get(id) ? 1 : 0;
                }
            }
        }, lag, TimeUnit.MILLISECONDS);
    }

    private void remember(String key, String id) {
        if (key != null) {
            idempotency.put(key, id);
        }
    }

    private boolean future(JsonNode in, String field) {
        return in.hasNonNull(field) && date(in, field).isAfter(today);
    }

    private static LocalDate date(JsonNode in, String field) {
        return LocalDate.parse(in.get(field).asText());
    }

    private Object[] ok(JsonNode body) {
        return new Object[] {200, body};
    }

    private Object[] created(String id) {
        return new Object[] {201, json.createObjectNode().put("id", id)};
    }

    /** A 409 as the services answer it: the rule's code for programs, the detail for people. */
    private Object[] refusal(RefusalCode code, String detail) {
        Object[] answer = problem(409, detail, null);
        ((ObjectNode) answer[1]).put("code", code.code());
        return answer;
    }

    private Object[] problem(int status, String detail, String field) {
        ObjectNode p = json.createObjectNode().put("status", status).put("detail", detail);
        if (field != null) {
            p.putArray("errors").addObject().put("field", field).put("message", "refused");
        }
        return new Object[] {status, p};
    }
}
