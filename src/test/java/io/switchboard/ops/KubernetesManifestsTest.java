package io.switchboard.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.ops.KubernetesManifests.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Static checks of the Kubernetes manifests under {@code k8s/}: every YAML file parses, objects are
 * well-formed, and the pieces refer to each other consistently (Service/PDB selectors, HPA target,
 * Kustomize resources and generated ConfigMaps, probes on real Quarkus health endpoints).
 *
 * <p>Plain JUnit, no Quarkus: runs in milliseconds and needs no cluster.
 */
class KubernetesManifestsTest {

    static final String APP = "switchboard";
    static final Set<String> HEALTH_PATHS = Set.of("/q/health/live", "/q/health/ready", "/q/health/started");
    static final String KEYCLOAK_IMPORT_DIR = "/opt/keycloak/data/import";

    static List<Manifest> manifests;

    @BeforeAll
    static void load() {
        manifests = KubernetesManifests.all();
    }

    // ---------------------------------------------------------------- every document

    @Test
    void everyYamlFileParsesAndEveryDocumentHasApiVersionKindAndName() {
        List<Path> files = KubernetesManifests.yamlFiles();
        assertFalse(files.isEmpty(), "no *.yaml/*.yml file under " + KubernetesManifests.directory());
        Problems problems = new Problems();
        for (Path file : files) {
            List<Manifest> docs = KubernetesManifests.read(file);
            problems.check(!docs.isEmpty(), file + ": contains no YAML document");
            for (Manifest m : docs) {
                String where = m.file() + "[" + m.index() + "]";
                if (!m.node().isObject()) {
                    problems.add(where + ": document is not a mapping");
                    continue;
                }
                problems.check(isNonBlankText(m.node().path("apiVersion")), where + ": missing apiVersion");
                problems.check(isNonBlankText(m.node().path("kind")), where + ": missing kind");
                problems.check(
                        isNonBlankText(m.node().path("metadata").path("name")), where + ": missing metadata.name");
            }
        }
        problems.assertNone("malformed manifests");
    }

    @Test
    void labelsAndAnnotationsAreStrings() {
        // Kubernetes rejects non-string label/annotation values, e.g. an unquoted `prometheus.io/scrape: true`.
        Problems problems = new Problems();
        for (Manifest m : manifests) {
            for (JsonNode metadata : List.of(
                    m.node().path("metadata"),
                    m.node().path("spec").path("template").path("metadata"))) {
                for (String field : List.of("labels", "annotations")) {
                    metadata.path(field)
                            .properties()
                            .forEach(e -> problems.check(
                                    e.getValue().isTextual(),
                                    m.describe() + ": " + field + " value of '" + e.getKey()
                                            + "' must be a quoted string, is " + e.getValue()));
                }
            }
        }
        problems.assertNone("non-string labels/annotations");
    }

    // ---------------------------------------------------------------- the application Deployment

    @Test
    void appDeploymentIsHighlyAvailableProbedBoundedAndNonRoot() {
        JsonNode deployment = appDeployment().node();
        Problems problems = new Problems();

        JsonNode replicas = deployment.path("spec").path("replicas");
        problems.check(
                replicas.isInt() && replicas.asInt() >= 2,
                "Deployment/" + APP + ": spec.replicas must be >= 2, is " + replicas);

        List<JsonNode> containers = KubernetesManifests.containers(deployment);
        problems.check(!containers.isEmpty(), "Deployment/" + APP + ": no containers");
        for (JsonNode c : containers) {
            String where = "Deployment/" + APP + " container '" + c.path("name").asText() + "'";
            Set<String> portNames = new HashSet<>();
            Set<Integer> portNumbers = new HashSet<>();
            c.path("ports").forEach(p -> {
                if (p.path("name").isTextual()) {
                    portNames.add(p.path("name").asText());
                }
                if (p.path("containerPort").isInt()) {
                    portNumbers.add(p.path("containerPort").asInt());
                }
            });

            for (String probe : List.of("readinessProbe", "livenessProbe")) {
                problems.check(c.has(probe), where + ": missing " + probe);
            }
            for (String probe : KubernetesManifests.PROBE_FIELDS) {
                if (!c.has(probe)) {
                    continue;
                }
                JsonNode httpGet = c.path(probe).path("httpGet");
                if (httpGet.isMissingNode()) {
                    problems.add(where + ": " + probe + " must be an httpGet probe");
                    continue;
                }
                String path = httpGet.path("path").asText("");
                problems.check(
                        HEALTH_PATHS.contains(path),
                        where + ": " + probe + " path '" + path + "' is not one of " + HEALTH_PATHS);
                JsonNode port = httpGet.path("port");
                boolean declared = (port.isTextual() && portNames.contains(port.asText()))
                        || (port.isInt() && portNumbers.contains(port.asInt()));
                problems.check(
                        declared,
                        where + ": " + probe + " port " + port + " is not a declared container port (names " + portNames
                                + ", numbers " + portNumbers + ")");
            }
            problems.check(
                    c.path("readinessProbe")
                            .path("httpGet")
                            .path("path")
                            .asText("")
                            .equals("/q/health/ready"),
                    where + ": readinessProbe must be /q/health/ready (it checks the database)");

            for (String section : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    JsonNode value = c.path("resources").path(section).path(resource);
                    problems.check(
                            !value.isMissingNode() && !value.asText("").isBlank(),
                            where + ": missing resources." + section + "." + resource);
                }
            }
        }

        JsonNode podSecurity =
                deployment.path("spec").path("template").path("spec").path("securityContext");
        boolean podNonRoot = podSecurity.path("runAsNonRoot").asBoolean(false);
        for (JsonNode c : containers) {
            JsonNode containerNonRoot = c.path("securityContext").path("runAsNonRoot");
            boolean nonRoot = containerNonRoot.isBoolean() ? containerNonRoot.asBoolean() : podNonRoot;
            problems.check(
                    nonRoot,
                    "Deployment/" + APP + " container '" + c.path("name").asText()
                            + "': securityContext.runAsNonRoot must be true (pod or container level)");
            problems.check(
                    !c.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true),
                    "Deployment/" + APP + " container '" + c.path("name").asText()
                            + "': securityContext.allowPrivilegeEscalation must be false");
        }
        problems.assertNone("Deployment/" + APP);
    }

    @Test
    void everyHttpGetProbeInEveryDeploymentIsAQuarkusHealthEndpoint() {
        // probePaths() is requested against the running application, so it may only hold Switchboard's
        // own health endpoints: other Deployments (Keycloak) must use non-HTTP probes or these paths.
        List<String> paths = KubernetesManifests.probePaths();
        assertTrue(
                paths.contains("/q/health/ready") && paths.contains("/q/health/live"),
                "probePaths() must include /q/health/ready and /q/health/live, is " + paths);
        Problems problems = new Problems();
        for (String path : paths) {
            problems.check(
                    HEALTH_PATHS.contains(path),
                    "httpGet probe path '" + path + "' (some Deployment under k8s/) is not one of " + HEALTH_PATHS);
        }
        problems.assertNone("probe paths");
    }

    @Test
    void deploymentSelectorsMatchTheirPodTemplates() {
        Problems problems = new Problems();
        for (Manifest d : ofKind("Deployment")) {
            Map<String, String> selector =
                    labels(d.node().path("spec").path("selector").path("matchLabels"));
            problems.check(!selector.isEmpty(), d.describe() + ": spec.selector.matchLabels is empty");
            problems.check(
                    matches(selector, podLabels(d)),
                    d.describe() + ": selector " + selector + " does not match pod template labels " + podLabels(d));
        }
        problems.assertNone("Deployment selectors");
    }

    // ---------------------------------------------------------------- Service, HPA, PDB

    @Test
    void servicesSelectDeploymentPodsAndTargetDeclaredPorts() {
        Problems problems = new Problems();
        List<Manifest> services = ofKind("Service");
        problems.check(services.stream().anyMatch(s -> s.name().equals(APP)), "no Service named " + APP);
        for (Manifest s : services) {
            Map<String, String> selector = labels(s.node().path("spec").path("selector"));
            if (selector.isEmpty()) {
                problems.add(s.describe() + ": spec.selector is empty");
                continue;
            }
            List<Manifest> selected = ofKind("Deployment").stream()
                    .filter(d -> matches(selector, podLabels(d)))
                    .toList();
            problems.check(
                    !selected.isEmpty(),
                    s.describe() + ": selector " + selector + " matches the pod labels of no Deployment");
            if (s.name().equals(APP)) {
                problems.check(
                        matches(selector, podLabels(appDeployment())),
                        s.describe() + ": selector " + selector + " does not match Deployment/" + APP + " pod labels "
                                + podLabels(appDeployment()));
            }
            for (Manifest d : selected) {
                for (JsonNode port : s.node().path("spec").path("ports")) {
                    JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
                    problems.check(
                            declaresPort(d, target),
                            s.describe() + ": targetPort " + target + " is not a container port of " + d.describe());
                }
            }
        }
        problems.assertNone("Services");
    }

    @Test
    void hpaScalesTheAppDeploymentFromAtLeastTwoReplicas() {
        Problems problems = new Problems();
        Set<String> deployments = names(ofKind("Deployment"));
        List<Manifest> hpas = ofKind("HorizontalPodAutoscaler");
        problems.check(!hpas.isEmpty(), "no HorizontalPodAutoscaler under k8s/");
        boolean appTargeted = false;
        for (Manifest h : hpas) {
            JsonNode spec = h.node().path("spec");
            JsonNode target = spec.path("scaleTargetRef");
            problems.check(
                    "Deployment".equals(target.path("kind").asText())
                            && deployments.contains(target.path("name").asText()),
                    h.describe() + ": scaleTargetRef " + target + " names no Deployment under k8s/ " + deployments);
            appTargeted |= APP.equals(target.path("name").asText());
            int min = spec.path("minReplicas").asInt(1);
            problems.check(min >= 2, h.describe() + ": minReplicas must be >= 2, is " + spec.path("minReplicas"));
            problems.check(
                    spec.path("maxReplicas").asInt(0) >= min,
                    h.describe() + ": maxReplicas " + spec.path("maxReplicas") + " < minReplicas " + min);
        }
        problems.check(appTargeted, "no HorizontalPodAutoscaler targets Deployment/" + APP);
        problems.assertNone("HorizontalPodAutoscalers");
    }

    @Test
    void pdbSelectsTheAppPods() {
        Map<String, String> pods = podLabels(appDeployment());
        List<Manifest> pdbs = ofKind("PodDisruptionBudget");
        assertFalse(pdbs.isEmpty(), "no PodDisruptionBudget under k8s/");
        Problems problems = new Problems();
        boolean covered = false;
        for (Manifest p : pdbs) {
            Map<String, String> selector =
                    labels(p.node().path("spec").path("selector").path("matchLabels"));
            problems.check(!selector.isEmpty(), p.describe() + ": spec.selector.matchLabels is empty");
            covered |= !selector.isEmpty() && matches(selector, pods);
        }
        problems.check(covered, "no PodDisruptionBudget selector matches Deployment/" + APP + " pod labels " + pods);
        problems.assertNone("PodDisruptionBudgets");
    }

    // ---------------------------------------------------------------- Kustomize and references

    @Test
    void kustomizationResourcesAndGeneratorFilesExistAndCoverEveryManifest() {
        Manifest k = kustomization();
        Path base = k.file().getParent();
        Problems problems = new Problems();

        Set<Path> listed = new HashSet<>();
        for (JsonNode r : k.node().path("resources")) {
            Path resource = base.resolve(r.asText()).normalize();
            listed.add(resource);
            problems.check(
                    Files.exists(resource),
                    k.file() + ": resource '" + r.asText() + "' does not exist (" + resource + ")");
            problems.check(
                    !isTemplate(resource),
                    k.file() + ": resource '" + r.asText()
                            + "' is a template with placeholder values and must not be applied");
        }
        problems.check(!listed.isEmpty(), k.file() + ": no resources");

        for (JsonNode generator : k.node().path("configMapGenerator")) {
            problems.check(
                    isNonBlankText(generator.path("name")), k.file() + ": configMapGenerator entry without name");
            for (JsonNode f : generator.path("files")) {
                String spec = f.asText();
                String file = spec.contains("=") ? spec.substring(spec.indexOf('=') + 1) : spec;
                problems.check(
                        Files.isRegularFile(base.resolve(file)),
                        k.file() + ": configMapGenerator '"
                                + generator.path("name").asText() + "' file '" + file + "' does not exist ("
                                + base.resolve(file) + ")");
            }
        }

        // A manifest that is not listed would silently never be deployed.
        for (Path file : KubernetesManifests.yamlFiles()) {
            Path normalized = file.normalize();
            if (normalized.equals(k.file().normalize()) || isTemplate(normalized)) {
                continue;
            }
            problems.check(
                    listed.contains(normalized),
                    k.file() + ": does not list " + file
                            + " in resources (rename it *.example.yaml if it is a template)");
        }
        problems.assertNone("kustomization");
    }

    @Test
    void envFromReferencesAreDefined() {
        Set<String> configMaps = names(ofKind("ConfigMap"));
        configMaps.addAll(generatedConfigMaps().keySet());
        Set<String> secrets = names(ofKind("Secret"));
        Problems problems = new Problems();
        for (Manifest d : ofKind("Deployment")) {
            for (JsonNode c : KubernetesManifests.containers(d.node())) {
                for (JsonNode source : c.path("envFrom")) {
                    JsonNode cm = source.path("configMapRef").path("name");
                    if (cm.isTextual()) {
                        problems.check(
                                configMaps.contains(cm.asText()),
                                d.describe() + ": envFrom ConfigMap '" + cm.asText() + "' is not defined under k8s/ "
                                        + configMaps);
                    }
                    JsonNode secret = source.path("secretRef").path("name");
                    if (secret.isTextual()) {
                        problems.check(
                                secrets.contains(secret.asText()),
                                d.describe() + ": envFrom Secret '" + secret.asText()
                                        + "' has no definition or template under k8s/ " + secrets);
                    }
                }
            }
        }
        JsonNode appEnvFrom =
                KubernetesManifests.containers(appDeployment().node()).get(0).path("envFrom");
        problems.check(
                appEnvFrom.findValues("configMapRef").size() >= 1
                        && appEnvFrom.findValues("secretRef").size() >= 1,
                "Deployment/" + APP + ": envFrom must reference both a ConfigMap and a Secret");
        problems.assertNone("envFrom references");
    }

    @Test
    void keycloakMountsTheRealmConfigMapGeneratedByKustomize() {
        Map<String, JsonNode> generated = generatedConfigMaps();
        Manifest keycloak = ofKind("Deployment").stream()
                .filter(d -> KubernetesManifests.containers(d.node()).stream()
                        .anyMatch(c -> c.path("image").asText().contains("keycloak")))
                .findFirst()
                .orElseGet(() -> fail("no Deployment under k8s/ runs a keycloak image"));
        JsonNode podSpec = keycloak.node().path("spec").path("template").path("spec");
        Problems problems = new Problems();

        Map<String, String> configMapVolumes = new LinkedHashMap<>(); // volume name -> ConfigMap name
        podSpec.path("volumes").forEach(v -> {
            if (v.path("configMap").path("name").isTextual()) {
                configMapVolumes.put(
                        v.path("name").asText(),
                        v.path("configMap").path("name").asText());
            }
        });
        List<String> realmVolumes = configMapVolumes.entrySet().stream()
                .filter(e -> generated.containsKey(e.getValue()))
                .map(Map.Entry::getKey)
                .toList();
        problems.check(
                !realmVolumes.isEmpty(),
                keycloak.describe() + ": mounts no ConfigMap generated by the" + " kustomization (volumes "
                        + configMapVolumes + ", generated " + generated.keySet() + ")");
        for (String volume : realmVolumes) {
            String configMap = configMapVolumes.get(volume);
            problems.check(
                    generated
                            .get(configMap)
                            .path("options")
                            .path("disableNameSuffixHash")
                            .asBoolean(false),
                    "kustomization: configMapGenerator '" + configMap + "' needs options.disableNameSuffixHash: true,"
                            + " or Kustomize renames it and " + keycloak.describe() + " cannot find it");
            boolean mountedAtImport = KubernetesManifests.containers(keycloak.node()).stream()
                    .flatMap(c -> stream(c.path("volumeMounts")))
                    .anyMatch(m -> volume.equals(m.path("name").asText())
                            && KEYCLOAK_IMPORT_DIR.equals(m.path("mountPath").asText()));
            problems.check(
                    mountedAtImport,
                    keycloak.describe() + ": volume '" + volume + "' (ConfigMap " + configMap + ") is not mounted at "
                            + KEYCLOAK_IMPORT_DIR);
        }
        problems.assertNone("Keycloak realm import");
    }

    // ---------------------------------------------------------------- helpers

    static List<Manifest> ofKind(String kind) {
        return manifests.stream().filter(m -> kind.equals(m.kind())).toList();
    }

    static Manifest appDeployment() {
        return ofKind("Deployment").stream()
                .filter(d -> APP.equals(d.name()))
                .findFirst()
                .orElseGet(() -> fail("no Deployment named '" + APP + "' under " + KubernetesManifests.directory()));
    }

    static Manifest kustomization() {
        List<Manifest> found = ofKind("Kustomization").stream()
                .filter(k -> k.file()
                        .getParent()
                        .normalize()
                        .equals(KubernetesManifests.directory().normalize()))
                .toList();
        if (found.size() != 1) {
            fail("expected exactly one Kustomization in " + KubernetesManifests.directory() + "/kustomization.yaml,"
                    + " found " + found.size());
        }
        return found.get(0);
    }

    /** configMapGenerator entries of the kustomization, by name. */
    static Map<String, JsonNode> generatedConfigMaps() {
        Map<String, JsonNode> generated = new LinkedHashMap<>();
        kustomization()
                .node()
                .path("configMapGenerator")
                .forEach(g -> generated.put(g.path("name").asText(), g));
        return generated;
    }

    static boolean isTemplate(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".example.yaml") || n.endsWith(".example.yml");
    }

    static Map<String, String> podLabels(Manifest deployment) {
        return labels(
                deployment.node().path("spec").path("template").path("metadata").path("labels"));
    }

    static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new LinkedHashMap<>();
        node.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    /** A label selector matches when every selector pair is among the labels. */
    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    static boolean declaresPort(Manifest deployment, JsonNode port) {
        return KubernetesManifests.containers(deployment.node()).stream()
                .flatMap(c -> stream(c.path("ports")))
                .anyMatch(p -> (port.isTextual()
                                && port.asText().equals(p.path("name").asText()))
                        || (port.isInt()
                                && port.asInt() == p.path("containerPort").asInt()));
    }

    static Set<String> names(List<Manifest> list) {
        Set<String> names = new HashSet<>();
        list.forEach(m -> names.add(m.name()));
        return names;
    }

    static boolean isNonBlankText(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank();
    }

    static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    /** Collects every problem so that one run reports them all. */
    static final class Problems {
        private final List<String> messages = new ArrayList<>();

        void check(boolean ok, String message) {
            if (!ok) {
                messages.add(message);
            }
        }

        void add(String message) {
            messages.add(message);
        }

        void assertNone(String what) {
            if (!messages.isEmpty()) {
                fail(messages.size() + " problem(s) in " + what + ":\n  - " + String.join("\n  - ", messages));
            }
        }
    }
}
