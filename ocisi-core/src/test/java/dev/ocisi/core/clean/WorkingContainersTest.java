package dev.ocisi.core.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkingContainersTest {

    @Test
    void theCommandsThatMakeWorkingContainersAreBuilds() {
        for (String build : List.of(
                "podman build --layers -t x .",
                "/usr/bin/podman build .",
                "podman --log-level=debug build .",
                "podman image build .",
                "buildah bud .",
                "buildah from alpine",
                "/usr/bin/buildah build -f C .")) {
            assertEquals(true, WorkingContainers.isBuild(build), build);
        }
        for (String other : List.of(
                "podman images",
                "podman ps --external",
                "java -cp x InterruptibleRun",
                "mvn ocisi:process",
                "podman rmi builder",
                "podman system service",
                "bash -c podman")) {
            assertEquals(false, WorkingContainers.isBuild(other), other);
        }
    }
}
