package dev.ocisi.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ocisi.core.engine.ImageSummary;
import dev.ocisi.core.engine.Layer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreSurveyTest {

    private static Layer l(String digest, long size) {
        return new Layer("sha256:" + digest, size);
    }

    private static List<String> groups(LayerReport report, String image) {
        return report.images().stream().filter(i -> i.image().equals(image)).findFirst().orElseThrow().groups().stream()
                .map(g -> g.origin() + " " + g.from() + " " + g.bytes())
                .toList();
    }

    @Test
    void findsEachImagesParentFromTheLongestProperPrefixOfItsLayers() {
        Map<String, List<Layer>> images = new LinkedHashMap<>();
        images.put("app2", List.of(l("d1", 1000), l("a1", 100), l("a2", 10)));
        images.put("debian", List.of(l("d1", 1000)));
        images.put("app", List.of(l("d1", 1000), l("a1", 100)));
        images.put("twin", List.of(l("d1", 1000), l("a1", 100)));
        images.put("other", List.of(l("d1", 1000), l("o1", 50), l("o1", 50)));
        images.put("alpine", List.of(l("z1", 7)));
        LayerReport report = LayerReport.of(StoreSurvey.byDetectedParents("podman", images));

        assertEquals(
                List.of("ANCESTOR debian 1000", "ANCESTOR app 100", "OWN app2 10"),
                groups(report, "app2"),
                "the nearest parent wins, and its own parent comes first");
        assertEquals(List.of("OWN debian 1000"), groups(report, "debian"));
        assertEquals(
                List.of("ANCESTOR debian 1000", "OWN twin 100"),
                groups(report, "twin"),
                "an image with the same layers is not a parent: the chain must end");
        assertEquals(List.of("ANCESTOR debian 1000", "OWN other 50"), groups(report, "other"));
        assertEquals(List.of("OWN alpine 7"), groups(report, "alpine"));
        // distinct: d1 1000 + a1 100 + a2 10 + o1 50 + z1 7
        assertEquals(1167, report.onDisk());
        // app2 1110 + debian 1000 + app 1100 + twin 1100 + other 1050 + alpine 7
        assertEquals(5367, report.standalone());
    }

    @Test
    void layersInTwoStoresAreNotShared() {
        LayerReport report = LayerReport.of(List.of(
                new LayerReport.Measured("a", "podman", List.of(l("d1", 1000)), List.of()),
                new LayerReport.Measured("b", "docker", List.of(l("d1", 1000)), List.of())));
        assertEquals(2000, report.onDisk());
        assertEquals(List.of(), report.shared());
    }

    @Test
    void namesAnUntaggedImageByItsShortId() {
        assertEquals(
                "<none> 0123456789ab",
                StoreSurvey.name(new ImageSummary("sha256:0123456789abcdef", List.of(), Map.of(), 0)));
        assertEquals(
                "localhost/a:1, docker.io/library/a:1",
                StoreSurvey.name(
                        new ImageSummary("sha256:00", List.of("localhost/a:1", "docker.io/library/a:1"), Map.of(), 0)));
    }
}
