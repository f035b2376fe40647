package io.switchboard.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.ops.KubernetesManifests.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The production base ({@code k8s/base}) is safe to run for many customers on one cluster, and the demo logins
 * live only in the dev overlay ({@code k8s/dev}) and the local run: the realm the base imports has no user, locks
 * out password guessing, allows no password grant and holds no secret; Keycloak runs in production mode on a
 * real database; NetworkPolicies let each workload talk only to what it needs.
 */
class KubernetesOverlaysTest {

    static final Path BASE = Path.of("k8s", "base");
    static final Path DEV = Path.of("k8s", "dev");
    static final Set<String> DEMO_USERS = Set.of("alice", "andy", "bob", "carol", "gina", "gus");
    static final List<String> PRIVATE_V4 =
            List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8");
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

    static final ObjectMapper JSON = new ObjectMapper();

    // ---------------------------------------------------------------- the production realm

    @Test
    void theProductionRealmHasNoUserNoPasswordGrantNoSecretAndLocksOutGuessing() {
        JsonNode realm = realm(BASE, kustomization(BASE));
        assertTrue(realm.path("users").isMissingNode() || realm.path("users").isEmpty(), "users in the base realm");
        assertTrue(realm.path("bruteForceProtected").asBoolean(false), "brute-force protection off");
        assertTrue(realm.path("failureFactor").asInt(0) > 0, "no failure factor for the brute-force protection");
        assertFalse(realm.path("registrationAllowed").asBoolean(true), "self-registration allowed");
        assertFalse(realm.path("clients").isEmpty(), "no client");
        for (JsonNode client : realm.path("clients")) {
            String id = client.path("clientId").asText();
            assertFalse(client.path("directAccessGrantsEnabled").asBoolean(true), id + " allows the password grant");
            assertFalse(client.path("implicitFlowEnabled").asBoolean(true), id + " allows the implicit flow");
            JsonNode secret = client.path("secret");
            assertTrue(
                    secret.isMissingNode()
                            || PLACEHOLDER.matcher(secret.asText()).matches(),
                    id + " has a secret in the file instead of a ${VARIABLE} from a Secret: " + secret);
            for (JsonNode uri : client.path("redirectUris")) {
                assertFalse(uri.asText().contains("localhost") || uri.asText().contains("127.0.0.1"), id + ": " + uri);
            }
        }
    }

    @Test
    void everyPlaceholderOfTheProductionRealmIsSetInKeycloaksEnvironment() throws IOException {
        String text = Files.readString(realmFile(BASE, kustomization(BASE)));
        Set<String> placeholders = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            placeholders.add(m.group(1));
        }
        assertFalse(placeholders.isEmpty(), "the realm's secrets should come from the environment");
        Set<String> environment = new HashSet<>(literals(kustomization(BASE), "configMapGenerator", "keycloak-config")
                .keySet());
        Manifest secrets = KubernetesManifests.read(BASE.resolve("secret.example.yaml")).stream()
                .filter(d -> "keycloak-secrets".equals(d.name()))
                .findFirst()
                .orElseGet(() -> fail("no keycloak-secrets template in secret.example.yaml"));
        secrets.node().path("stringData").fieldNames().forEachRemaining(environment::add);
        for (String name : placeholders) {
            assertTrue(environment.contains(name), "${" + name + "} is set neither in keycloak-config nor secrets");
        }
    }

    @Test
    void keycloakRunsInProductionModeOnARealDatabaseWithItsHostname() {
        JsonNode container = keycloakContainer(BASE);
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        assertEquals("start", args.get(0), "base Keycloak must run `start`, not " + args);
        Map<String, String> config = literals(kustomization(BASE), "configMapGenerator", "keycloak-config");
        assertEquals("mariadb", config.get("KC_DB"));
        assertTrue(config.getOrDefault("KC_DB_URL", "").startsWith("jdbc:mariadb://"), "KC_DB_URL " + config);
        assertTrue(config.getOrDefault("KC_HOSTNAME", "").startsWith("https://"), "KC_HOSTNAME " + config);
        assertEquals("xforwarded", config.get("KC_PROXY_HEADERS"));
        List<String> envFrom = new ArrayList<>();
        container.path("envFrom").forEach(e -> envFrom.add(e.toString()));
        assertTrue(envFrom.stream().anyMatch(e -> e.contains("keycloak-config")), "envFrom " + envFrom);
        assertTrue(envFrom.stream().anyMatch(e -> e.contains("keycloak-secrets")), "envFrom " + envFrom);
    }

    @Test
    void theBaseShipsNoSecretValues() {
        for (Path file : KubernetesManifests.yamlFiles()) {
            if (file.getFileName().toString().endsWith(".example.yaml")) {
                continue; // templates are not resources (KubernetesManifestsTest checks it)
            }
            for (Manifest m : KubernetesManifests.read(file)) {
                assertFalse("Secret".equals(m.kind()), m.describe() + ": a Secret with values in the base");
            }
        }
        assertTrue(kustomization(BASE).path("secretGenerator").isMissingNode(), "a secretGenerator in the base");
    }

    // ---------------------------------------------------------------- the dev overlay

    @Test
    void theDemoLoginsLiveOnlyInTheDevOverlay() {
        JsonNode dev = kustomization(DEV);
        List<String> resources = new ArrayList<>();
        dev.path("resources").forEach(r -> resources.add(r.asText()));
        assertEquals(List.of("../base"), resources, "the dev overlay builds on the production base");
        JsonNode realm = realm(DEV, dev);
        Set<String> users = new TreeSet<>();
        realm.path("users").forEach(u -> users.add(u.path("username").asText()));
        assertEquals(new TreeSet<>(DEMO_USERS), users);
        JsonNode generator = generator(dev, "configMapGenerator", "switchboard-realm");
        assertEquals("replace", generator.path("behavior").asText(), "the dev realm must replace the base's");
        String patches = dev.path("patches").toString();
        assertTrue(patches.contains("start-dev"), "the dev overlay runs Keycloak in dev mode: " + patches);
    }

    // ---------------------------------------------------------------- network policies

    @Test
    void theServiceAcceptsOnlyTheIngressAndItsReplicasAndReachesNoPrivateAddress() {
        JsonNode policy = policy("switchboard");
        assertEquals(Set.of("Ingress", "Egress"), types(policy));
        Set<String> ingressFrom = new TreeSet<>();
        policy.path("spec")
                .path("ingress")
                .forEach(rule -> rule.path("from").forEach(p -> ingressFrom.add(p.toString())));
        assertEquals(2, ingressFrom.size(), "ingress from " + ingressFrom);
        assertTrue(ingressFrom.stream().anyMatch(p -> p.contains("namespaceSelector")), "no ingress controller");
        assertTrue(ingressFrom.stream().anyMatch(p -> p.contains("\"app.kubernetes.io/name\":\"switchboard\"")));
        Set<String> peers = new TreeSet<>();
        List<JsonNode> blocks = new ArrayList<>();
        policy.path("spec")
                .path("egress")
                .forEach(rule -> rule.path("to").forEach(p -> {
                    if (p.has("ipBlock")) {
                        blocks.add(p.path("ipBlock"));
                    } else {
                        peers.add(p.path("podSelector")
                                        .path("matchLabels")
                                        .path("app.kubernetes.io/name")
                                        .asText()
                                + p.path("podSelector")
                                        .path("matchLabels")
                                        .path("k8s-app")
                                        .asText());
                    }
                }));
        assertEquals(new TreeSet<>(Set.of("mariadb", "keycloak", "smtp-relay", "kube-dns")), peers);
        JsonNode v4 = blocks.stream()
                .filter(b -> "0.0.0.0/0".equals(b.path("cidr").asText()))
                .findFirst()
                .orElseGet(() -> fail("no internet egress"));
        Set<String> except = new TreeSet<>();
        v4.path("except").forEach(c -> except.add(c.asText()));
        assertTrue(except.containsAll(PRIVATE_V4), "internet egress reaches private ranges: except " + except);
    }

    @Test
    void keycloakAndMariadbAcceptOnlyTheirClients() {
        JsonNode keycloak = policy("keycloak");
        assertEquals(Set.of("Ingress", "Egress"), types(keycloak));
        String egress = keycloak.path("spec").path("egress").toString();
        assertFalse(egress.contains("ipBlock"), "Keycloak needs no address outside the cluster: " + egress);
        JsonNode mariadb = policy("mariadb");
        Set<String> clients = new TreeSet<>();
        mariadb.path("spec")
                .path("ingress")
                .forEach(rule -> rule.path("from")
                        .forEach(p -> clients.add(p.path("podSelector")
                                .path("matchLabels")
                                .path("app.kubernetes.io/name")
                                .asText())));
        assertEquals(new TreeSet<>(Set.of("switchboard", "keycloak")), clients);
    }

    // ---------------------------------------------------------------- helpers

    static JsonNode kustomization(Path dir) {
        return KubernetesManifests.read(dir.resolve("kustomization.yaml"))
                .get(0)
                .node();
    }

    static JsonNode generator(JsonNode kustomization, String kind, String name) {
        for (JsonNode g : kustomization.path(kind)) {
            if (name.equals(g.path("name").asText())) {
                return g;
            }
        }
        return fail("no " + kind + " " + name);
    }

    static Map<String, String> literals(JsonNode kustomization, String kind, String name) {
        Map<String, String> values = new TreeMap<>();
        generator(kustomization, kind, name).path("literals").forEach(l -> {
            String[] pair = l.asText().split("=", 2);
            values.put(pair[0], pair[1]);
        });
        return values;
    }

    static Path realmFile(Path dir, JsonNode kustomization) {
        JsonNode files = generator(kustomization, "configMapGenerator", "switchboard-realm")
                .path("files");
        assertEquals(1, files.size(), "one realm file");
        return dir.resolve(files.get(0).asText());
    }

    static JsonNode realm(Path dir, JsonNode kustomization) {
        try {
            return JSON.readTree(realmFile(dir, kustomization).toFile());
        } catch (IOException e) {
            return fail("cannot read the realm of " + dir + ": " + e.getMessage());
        }
    }

    static JsonNode keycloakContainer(Path dir) {
        for (Manifest m : KubernetesManifests.ofKind("Deployment")) {
            for (JsonNode c : KubernetesManifests.containers(m.node())) {
                if (c.path("image").asText().contains("keycloak")) {
                    return c;
                }
            }
        }
        return fail("no Keycloak container in " + dir);
    }

    static JsonNode policy(String name) {
        return KubernetesManifests.ofKind("NetworkPolicy").stream()
                .filter(p -> name.equals(p.name()))
                .findFirst()
                .map(Manifest::node)
                .orElseGet(() -> fail("no NetworkPolicy " + name + " in " + BASE));
    }

    static Set<String> types(JsonNode policy) {
        Set<String> types = new TreeSet<>();
        policy.path("spec").path("policyTypes").forEach(t -> types.add(t.asText()));
        return types;
    }
}
