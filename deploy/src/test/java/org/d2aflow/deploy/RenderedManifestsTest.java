package org.d2aflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.d2aflow.contracts.TopicSpec;
import org.d2aflow.contracts.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders every overlay of deploy/k8s and checks each object against the Kubernetes, Strimzi and CloudNativePG schemas,
 * then checks what the schemas cannot: that the manifests match the services (ports, configuration keys, databases,
 * topics) and keep the rules of deploy/README.md (probes, security, budgets, network policies, no credential inline).
 */
class RenderedManifestsTest {

    static final Path K8S = ServiceConfig.REPO.resolve("deploy/k8s");
    /** Every kind the overlays render; a new kind must be added here and to deploy/README.md. */
    static final Set<String> KINDS = Set.of("Namespace", "ConfigMap", "ServiceAccount", "Service", "Deployment",
            "PodDisruptionBudget", "NetworkPolicy", "Kafka", "KafkaNodePool", "KafkaTopic", "Cluster");

    static ManifestSchemas schemas;

    @BeforeAll
    static void loadSchemas() {
        schemas = new ManifestSchemas();
    }

    private static final Map<String, String> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The objects of one overlay, rendered once per test run. */
    static List<JsonNode> render(String overlay) {
        return ManifestSchemas.documents(RENDERED.computeIfAbsent(overlay, o -> Kustomize.render(K8S.resolve("overlays").resolve(o))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "trial"})
    void everyRenderedObjectValidatesAgainstItsSchema(String overlay) {
        List<JsonNode> objects = render(overlay);

        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (JsonNode object : objects) {
            List<String> found = schemas.problems(object);
            if (!found.isEmpty()) {
                problems.put(object.path("kind").asText() + "/" + object.path("metadata").path("name").asText(), found);
            }
        }
        assertThat(problems).as("schema problems in overlay %s", overlay).isEmpty();
        assertThat(objects.stream().map(o -> o.path("kind").asText()).collect(Collectors.toSet())).isEqualTo(KINDS);
        assertThat(objects).allSatisfy(o -> assertThat(o.path("metadata").path("namespace").asText()).isIn("d2a-flow", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "trial"})
    void everyServiceRunsHardenedWithProbesResourcesAndABudget(String overlay) {
        List<JsonNode> objects = render(overlay);
        for (String service : ServiceConfig.SERVICES) {
            ServiceConfig config = ServiceConfig.of(service);
            JsonNode deployment = one(objects, "Deployment", service);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            Map<String, String> podLabels = labels(deployment.path("spec").path("template").path("metadata").path("labels"));

            assertThat(deployment.path("spec").path("replicas").asInt()).as(service).isGreaterThanOrEqualTo(2);
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(service).isTrue();
            assertThat(pod.path("securityContext").path("runAsUser").asInt()).as(service).isPositive();
            assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).as(service).isEqualTo("RuntimeDefault");
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as(service).isFalse();

            JsonNode container = single(pod.path("containers"));
            assertThat(container.path("image").asText()).as(service).matches(".*d2a-flow/" + service + ":[\\w.-]+");
            JsonNode security = container.path("securityContext");
            assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as(service).isTrue();
            assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as(service).isFalse();
            assertThat(texts(security.path("capabilities").path("drop"))).as(service).containsExactly("ALL");

            JsonNode port = single(container.path("ports"));
            assertThat(port.path("containerPort").asInt()).as(service).isEqualTo(config.httpPort());
            assertThat(probePath(container, "startupProbe", port)).as(service).isEqualTo("/q/health/started");
            assertThat(probePath(container, "readinessProbe", port)).as(service).isEqualTo("/q/health/ready");
            assertThat(probePath(container, "livenessProbe", port)).as(service).isEqualTo("/q/health/live");

            for (String kind : List.of("requests", "limits")) {
                assertThat(container.path("resources").path(kind).has("cpu")).as(service + " " + kind).isTrue();
                assertThat(container.path("resources").path(kind).has("memory")).as(service + " " + kind).isTrue();
            }
            JsonNode tmp = single(container.path("volumeMounts"));
            assertThat(tmp.path("mountPath").asText()).isEqualTo("/tmp");
            JsonNode volume = single(pod.path("volumes"));
            assertThat(volume.path("name").asText()).isEqualTo(tmp.path("name").asText());
            assertThat(volume.has("emptyDir")).as(service + " /tmp").isTrue();

            List<JsonNode> budgets = selecting(objects, "PodDisruptionBudget", podLabels);
            assertThat(budgets).as(service + " budgets").hasSize(1);
            assertThat(budgets.get(0).path("spec").path("minAvailable").asInt()).isEqualTo(1);

            JsonNode serviceObject = one(objects, "Service", service);
            assertThat(labels(serviceObject.path("spec").path("selector")).entrySet()).isSubsetOf(podLabels.entrySet());
            assertThat(single(serviceObject.path("spec").path("ports")).path("port").asInt()).isEqualTo(config.httpPort());
        }
        assertThat(one(objects, "Deployment", "metrics-service").path("spec").path("replicas").asInt()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "trial"})
    void networkPoliciesLetEachServiceReachOnlyWhatItNeeds(String overlay) {
        List<JsonNode> objects = render(overlay);
        JsonNode kafka = only(objects, "Kafka");
        String kafkaCluster = kafka.path("metadata").path("name").asText();
        for (String service : ServiceConfig.SERVICES) {
            ServiceConfig config = ServiceConfig.of(service);
            Map<String, String> podLabels = labels(one(objects, "Deployment", service).path("spec").path("template").path("metadata").path("labels"));
            List<JsonNode> policies = selecting(objects, "NetworkPolicy", podLabels);

            // A default deny for every service, then what each needs.
            assertThat(policies).anySatisfy(p -> {
                assertThat(texts(p.path("spec").path("policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");
                assertThat(p.path("spec").has("ingress") || p.path("spec").has("egress")).isFalse();
            });
            List<JsonNode> ingress = policies.stream().flatMap(p -> stream(p.path("spec").path("ingress"))).toList();
            assertThat(ingress).as(service + " ingress").isNotEmpty().allSatisfy(rule ->
                    assertThat(stream(rule.path("ports")).map(p -> p.path("port").asInt()).toList()).containsExactly(config.httpPort()));

            Set<String> egress = new TreeSet<>();
            for (JsonNode rule : policies.stream().flatMap(p -> stream(p.path("spec").path("egress"))).toList()) {
                for (JsonNode to : rule.path("to")) {
                    for (JsonNode port : rule.path("ports")) {
                        egress.add(destination(to) + ":" + port.path("protocol").asText("TCP") + "/" + port.path("port").asText());
                    }
                }
            }
            Set<String> expected = new TreeSet<>(Set.of(
                    "pods{strimzi.io/broker-role=true, strimzi.io/cluster=" + kafkaCluster + "}:TCP/9092",
                    "namespace{kubernetes.io/metadata.name=kube-system} pods{k8s-app=kube-dns}:UDP/53",
                    "namespace{kubernetes.io/metadata.name=kube-system} pods{k8s-app=kube-dns}:TCP/53",
                    "outside the cluster:TCP/443"));
            if (config.hasDatabase()) {
                expected.add("pods{cnpg.io/cluster=" + databaseCluster(objects, config.database()) + "}:TCP/5432");
            }
            if (service.equals("referral-service")) {
                // The one call between services: the identified CLD export fetches the pseudonymised extract (admins only).
                expected.add("pods{app.kubernetes.io/name=metrics-service}:TCP/" + ServiceConfig.of("metrics-service").httpPort());
            }
            assertThat(egress).as(service + " egress").isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "trial"})
    void everyPodTheOverlayCreatesIsShutButForWhatReachesIt(String overlay) {
        List<JsonNode> objects = render(overlay);
        Map<String, Map<String, String>> pods = pods(objects);
        assertThat(pods).hasSize(ServiceConfig.SERVICES.size() + 2 + all(objects, "Cluster").size());
        for (Map.Entry<String, Map<String, String>> pod : pods.entrySet()) {
            assertThat(selecting(objects, "NetworkPolicy", pod.getValue())).as("policies selecting %s", pod.getKey())
                    .anySatisfy(p -> assertThat(texts(p.path("spec").path("policyTypes"))).contains("Ingress"));
        }

        // Each database: 5432 from its own service and its own instances, 8000 from the operator, nothing else.
        for (String service : ServiceConfig.SERVICES) {
            ServiceConfig config = ServiceConfig.of(service);
            if (!config.hasDatabase()) {
                continue;
            }
            String cluster = databaseCluster(objects, config.database());
            assertThat(ingressOf(objects, pods.get("Cluster/" + cluster))).as(cluster + " ingress").isEqualTo(new TreeSet<>(Set.of(
                    "pods{app.kubernetes.io/name=" + service + "}:TCP/5432",
                    "pods{cnpg.io/cluster=" + cluster + "}:TCP/5432",
                    "namespace{kubernetes.io/metadata.name=cnpg-system} pods{app.kubernetes.io/name=cloudnative-pg}:TCP/8000")));
        }

        // The brokers: the client port from the services only (here and in the peers Strimzi's own policy is made of).
        JsonNode kafka = only(objects, "Kafka");
        String kafkaCluster = kafka.path("metadata").path("name").asText();
        String brokers = "pods{strimzi.io/cluster=" + kafkaCluster + ", strimzi.io/kind=Kafka, strimzi.io/name=" + kafkaCluster + "-kafka}";
        String operator = "namespace{kubernetes.io/metadata.name=strimzi} pods{strimzi.io/kind=cluster-operator}";
        assertThat(ingressOf(objects, pods.get("KafkaNodePool/dual-role/0"))).isEqualTo(new TreeSet<>(Set.of(
                "pods{app.kubernetes.io/component=service}:TCP/9092",
                brokers + ":TCP/9090", brokers + ":TCP/9091",
                "pods{strimzi.io/cluster=" + kafkaCluster + ", strimzi.io/kind=Kafka, strimzi.io/name=" + kafkaCluster + "-entity-operator}:TCP/9091",
                operator + ":TCP/9090", operator + ":TCP/9091", operator + ":TCP/8443")));
        assertThat(ingressOf(objects, pods.get("Kafka/" + kafkaCluster + "/entity-operator"))).as("entity operator ingress").isEmpty();
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            assertThat(stream(listener.path("networkPolicyPeers")).map(RenderedManifestsTest::destination).toList())
                    .as("listener %s peers", listener.path("name").asText()).containsExactly("pods{app.kubernetes.io/component=service}");
        }
    }

    /** The labels of the pods the rendered objects make, as the Deployments and the two operators label them. */
    static Map<String, Map<String, String>> pods(List<JsonNode> objects) {
        Map<String, Map<String, String>> pods = new LinkedHashMap<>();
        for (JsonNode deployment : all(objects, "Deployment")) {
            pods.put("Deployment/" + deployment.path("metadata").path("name").asText(),
                    labels(deployment.path("spec").path("template").path("metadata").path("labels")));
        }
        String kafkaCluster = only(objects, "Kafka").path("metadata").path("name").asText();
        for (JsonNode pool : all(objects, "KafkaNodePool")) {
            Map<String, String> strimzi = new LinkedHashMap<>(Map.of("strimzi.io/cluster", kafkaCluster, "strimzi.io/kind", "Kafka",
                    "strimzi.io/name", kafkaCluster + "-kafka", "strimzi.io/pool-name", pool.path("metadata").path("name").asText()));
            texts(pool.path("spec").path("roles")).forEach(role -> strimzi.put("strimzi.io/" + role + "-role", "true"));
            pods.put("KafkaNodePool/" + pool.path("metadata").path("name").asText() + "/0", strimzi);
        }
        if (only(objects, "Kafka").path("spec").has("entityOperator")) {
            pods.put("Kafka/" + kafkaCluster + "/entity-operator", Map.of("strimzi.io/cluster", kafkaCluster, "strimzi.io/kind", "Kafka",
                    "strimzi.io/name", kafkaCluster + "-entity-operator"));
        }
        for (JsonNode cluster : all(objects, "Cluster")) {
            String name = cluster.path("metadata").path("name").asText();
            pods.put("Cluster/" + name, Map.of("cnpg.io/cluster", name, "cnpg.io/podRole", "instance"));
        }
        return pods;
    }

    /** Who may reach a pod on which port, over every policy that selects it. */
    private static Set<String> ingressOf(List<JsonNode> objects, Map<String, String> podLabels) {
        Set<String> ingress = new TreeSet<>();
        for (JsonNode rule : selecting(objects, "NetworkPolicy", podLabels).stream().flatMap(p -> stream(p.path("spec").path("ingress"))).toList()) {
            assertThat(rule.has("from") && rule.has("ports")).as("an ingress rule open to any peer or port: " + rule).isTrue();
            for (JsonNode from : rule.path("from")) {
                for (JsonNode port : rule.path("ports")) {
                    ingress.add(destination(from) + ":" + port.path("protocol").asText("TCP") + "/" + port.path("port").asText());
                }
            }
        }
        return ingress;
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "trial"})
    void configurationMatchesTheServicesRealKeysAndNoCredentialIsInline(String overlay) throws IOException {
        List<JsonNode> objects = render(overlay);
        assertThat(objects).noneMatch(o -> o.path("kind").asText().equals("Secret"));
        JsonNode configMap = one(objects, "ConfigMap", "d2a-flow-config");
        Set<String> secretsReferenced = new TreeSet<>();

        for (String service : ServiceConfig.SERVICES) {
            ServiceConfig config = ServiceConfig.of(service);
            JsonNode container = single(one(objects, "Deployment", service).path("spec").path("template").path("spec").path("containers"));
            List<String> names = new ArrayList<>();
            configMap.path("data").fieldNames().forEachRemaining(names::add);
            for (JsonNode env : container.path("env")) {
                String name = env.path("name").asText();
                names.add(name);
                if (name.matches(".*(PASSWORD|SECRET|TOKEN).*")) {
                    assertThat(env.has("value")).as(service + " " + name + " inline").isFalse();
                    assertThat(env.path("valueFrom").has("secretKeyRef")).as(service + " " + name + " from a Secret").isTrue();
                }
                env.path("valueFrom").path("secretKeyRef").path("name").asText("").lines().filter(s -> !s.isEmpty()).forEach(secretsReferenced::add);
            }
            for (String name : names) {
                assertThat(config.keyOf(name)).as("%s: %s sets no key the service reads", service, name).isPresent();
            }
            Map<String, String> env = new LinkedHashMap<>();
            container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText(null)));
            assertThat(env.get("QUARKUS_HTTP_PORT")).isEqualTo(Integer.toString(config.httpPort()));
            if (config.hasDatabase()) {
                String cluster = databaseCluster(objects, config.database());
                assertThat(env.get("QUARKUS_DATASOURCE_JDBC_URL")).isEqualTo("jdbc:postgresql://" + cluster + "-rw:5432/" + config.database());
                JsonNode databaseCluster = one(objects, "Cluster", cluster);
                // The service logs in as the service role, Flyway as the owner: two different Secrets of that cluster.
                assertThat(secretOf(container, "QUARKUS_DATASOURCE_USERNAME")).isEqualTo(secretOf(container, "QUARKUS_DATASOURCE_PASSWORD"))
                        .isEqualTo(single(databaseCluster.path("spec").path("managed").path("roles")).path("passwordSecret").path("name").asText());
                assertThat(secretOf(container, "QUARKUS_FLYWAY_USERNAME")).isEqualTo(secretOf(container, "QUARKUS_FLYWAY_PASSWORD"))
                        .isEqualTo(databaseCluster.path("spec").path("bootstrap").path("initdb").path("secret").path("name").asText());
            } else {
                assertThat(env).doesNotContainKey("QUARKUS_DATASOURCE_JDBC_URL");
            }
        }
        String bootstrap = configMap.path("data").path("KAFKA_BOOTSTRAP_SERVERS").asText();
        JsonNode kafka = only(objects, "Kafka");
        JsonNode plain = stream(kafka.path("spec").path("kafka").path("listeners")).filter(l -> !l.path("tls").asBoolean()).findFirst().orElseThrow();
        assertThat(bootstrap).isEqualTo(kafka.path("metadata").path("name").asText() + "-kafka-bootstrap:" + plain.path("port").asInt());

        for (JsonNode cluster : all(objects, "Cluster")) {
            JsonNode spec = cluster.path("spec");
            assertThat(spec.path("enableSuperuserAccess").asBoolean(true)).isFalse();
            String database = spec.path("bootstrap").path("initdb").path("database").asText();
            assertThat(spec.path("bootstrap").path("initdb").path("owner").asText()).isEqualTo(database + "_owner");
            JsonNode role = single(spec.path("managed").path("roles"));
            assertThat(role.path("name").asText()).isEqualTo(database + "_service");
            for (String power : List.of("superuser", "createdb", "createrole", "replication", "bypassrls")) {
                assertThat(role.path(power).asBoolean(true)).as(database + " service role " + power).isFalse();
            }
            secretsReferenced.add(spec.path("bootstrap").path("initdb").path("secret").path("name").asText());
            secretsReferenced.add(role.path("passwordSecret").path("name").asText());
        }
        assertThat(secretsReferenced).as("the Secrets deploy/README.md tells operators to create").isEqualTo(documentedSecrets());
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "trial"})
    void topicsAreTheEventLogsTopicsKeptForever(String overlay) {
        List<JsonNode> objects = render(overlay);
        String kafkaCluster = only(objects, "Kafka").path("metadata").path("name").asText();
        Map<String, JsonNode> topics = all(objects, "KafkaTopic").stream()
                .collect(Collectors.toMap(t -> t.path("spec").path("topicName").asText(), t -> t));
        assertThat(topics.keySet()).isEqualTo(Topics.ALL.stream().map(TopicSpec::name).collect(Collectors.toSet()));
        for (TopicSpec spec : Topics.ALL) {
            JsonNode topic = topics.get(spec.name());
            assertThat(topic.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo(kafkaCluster);
            JsonNode config = topic.path("spec").path("config");
            assertThat(config.path("cleanup.policy").asText()).as(spec.name()).isEqualTo(spec.compacted() ? "compact" : "delete");
            assertThat(config.path("retention.ms").asLong()).as(spec.name()).isEqualTo(-1);
            assertThat(config.path("retention.bytes").asLong()).as(spec.name()).isEqualTo(-1);
            assertThat(topic.path("spec").path("partitions").asInt()).isPositive();
        }
        // The fact topics share one partition count: a referral's placements are on the partition of its referral.
        assertThat(java.util.stream.Stream.of(Topics.REFERRALS, Topics.PLACEMENTS, Topics.CAPACITY)
                .map(t -> topics.get(t).path("spec").path("partitions").asInt()).distinct()).hasSize(1);
    }

    /** The Secret names in the first column of deploy/README.md's table under "Secrets to create". */
    static Set<String> documentedSecrets() throws IOException {
        String readme = Files.readString(ServiceConfig.REPO.resolve("deploy/README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("### Secrets to create");
        assertThat(start).as("deploy/README.md has a 'Secrets to create' section").isNotNegative();
        int end = readme.indexOf("\n#", start + 5);
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\|").matcher(readme.substring(start, end < 0 ? readme.length() : end));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static String databaseCluster(List<JsonNode> objects, String database) {
        return all(objects, "Cluster").stream()
                .filter(c -> c.path("spec").path("bootstrap").path("initdb").path("database").asText().equals(database))
                .map(c -> c.path("metadata").path("name").asText()).findFirst()
                .orElseThrow(() -> new AssertionError("no CloudNativePG Cluster creates database " + database));
    }

    private static String secretOf(JsonNode container, String variable) {
        return stream(container.path("env")).filter(e -> e.path("name").asText().equals(variable)).findFirst()
                .map(e -> e.path("valueFrom").path("secretKeyRef").path("name").asText()).orElse("(unset)");
    }

    private static String destination(JsonNode to) {
        if (to.has("ipBlock")) {
            List<String> except = texts(to.path("ipBlock").path("except"));
            return to.path("ipBlock").path("cidr").asText().equals("0.0.0.0/0")
                    && except.containsAll(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")) ? "outside the cluster" : "ip " + to;
        }
        String pods = to.has("podSelector") ? "pods" + new java.util.TreeMap<>(labels(to.path("podSelector").path("matchLabels"))) : "";
        String namespace = to.has("namespaceSelector") ? "namespace" + new java.util.TreeMap<>(labels(to.path("namespaceSelector").path("matchLabels"))) : "";
        return (namespace + " " + pods).trim();
    }

    private static String probePath(JsonNode container, String probe, JsonNode port) {
        JsonNode get = container.path(probe).path("httpGet");
        assertThat(get.path("port").asText()).as(probe + " port").isIn(port.path("name").asText(), port.path("containerPort").asText());
        return get.path("path").asText();
    }

    static List<JsonNode> all(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    static JsonNode only(List<JsonNode> objects, String kind) {
        return single(all(objects, kind));
    }

    static JsonNode one(List<JsonNode> objects, String kind, String name) {
        return single(all(objects, kind).stream().filter(o -> o.path("metadata").path("name").asText().equals(name)).toList());
    }

    private static List<JsonNode> selecting(List<JsonNode> objects, String kind, Map<String, String> podLabels) {
        return all(objects, kind).stream().filter(o -> {
            JsonNode selector = kind.equals("NetworkPolicy") ? o.path("spec").path("podSelector") : o.path("spec").path("selector");
            return podLabels.entrySet().containsAll(labels(selector.path("matchLabels")).entrySet());
        }).toList();
    }

    private static JsonNode single(Iterable<JsonNode> nodes) {
        List<JsonNode> list = StreamSupport.stream(nodes.spliterator(), false).toList();
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    private static List<String> texts(JsonNode array) {
        return stream(array).map(JsonNode::asText).toList();
    }

    static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }
}
