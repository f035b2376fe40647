package io.switchboard.ops;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the production Kubernetes manifests under {@code k8s/base} (relative to the working directory, which is the
 * project root under Maven; override with {@code -Dswitchboard.k8s.dir=...}).
 *
 * <p>Plain Java, no Quarkus: usable from unit tests and from tests against the running application
 * (see {@link #probePaths()}).
 */
public final class KubernetesManifests {

    /** System property that overrides the manifests directory. */
    public static final String DIR_PROPERTY = "switchboard.k8s.dir";

    /** Probe kinds looked at, in this order. */
    public static final List<String> PROBE_FIELDS = List.of("startupProbe", "readinessProbe", "livenessProbe");

    private static final ObjectReader READER = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build()
            .readerFor(JsonNode.class);

    private KubernetesManifests() {}

    /** One YAML document of one manifest file. */
    public record Manifest(Path file, int index, JsonNode node) {

        public String apiVersion() {
            return node.path("apiVersion").asText("");
        }

        public String kind() {
            return node.path("kind").asText("");
        }

        public String name() {
            return node.path("metadata").path("name").asText("");
        }

        /** For messages, e.g. {@code k8s/deployment.yaml[0] Deployment/switchboard}. */
        public String describe() {
            return file + "[" + index + "] " + kind() + "/" + name();
        }
    }

    /** The manifests directory ({@code k8s/base} unless {@value #DIR_PROPERTY} is set). */
    public static Path directory() {
        return Path.of(System.getProperty(DIR_PROPERTY, "k8s/base"));
    }

    /** Every {@code *.yaml} / {@code *.yml} file under {@link #directory()}, sorted. */
    public static List<Path> yamlFiles() {
        Path dir = directory();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("Kubernetes manifests directory not found: "
                    + dir.toAbsolutePath() + " (tests must run from the project root, or set -D" + DIR_PROPERTY
                    + ")");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".yaml") || n.endsWith(".yml");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    /** The non-empty YAML documents of one file (multi-document files are supported). */
    public static List<Manifest> read(Path file) {
        List<Manifest> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = READER.readValues(file.toFile())) {
            int index = 0;
            while (it.hasNextValue()) {
                JsonNode node = it.nextValue();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    documents.add(new Manifest(file, index, node));
                }
                index++;
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot parse YAML file " + file + ": " + e.getMessage(), e);
        }
        return documents;
    }

    /** Every document of every YAML file under {@link #directory()}. */
    public static List<Manifest> all() {
        List<Manifest> all = new ArrayList<>();
        for (Path file : yamlFiles()) {
            all.addAll(read(file));
        }
        return all;
    }

    /** Every document of the given kind. */
    public static List<Manifest> ofKind(String kind) {
        return all().stream().filter(m -> kind.equals(m.kind())).toList();
    }

    /** {@code spec.template.spec.containers} of a workload (empty if absent). */
    public static List<JsonNode> containers(JsonNode workload) {
        List<JsonNode> containers = new ArrayList<>();
        workload.path("spec").path("template").path("spec").path("containers").forEach(containers::add);
        return containers;
    }

    /**
     * Every distinct {@code httpGet} probe path (startup, readiness, liveness) of every container of every
     * Deployment under {@code k8s/}, in file order. Another test GETs each of them against the running app.
     */
    public static List<String> probePaths() {
        Set<String> paths = new LinkedHashSet<>();
        for (Manifest deployment : ofKind("Deployment")) {
            for (JsonNode container : containers(deployment.node())) {
                for (String field : PROBE_FIELDS) {
                    JsonNode path = container.path(field).path("httpGet").path("path");
                    if (path.isTextual()) {
                        paths.add(path.asText());
                    }
                }
            }
        }
        return List.copyOf(paths);
    }
}
