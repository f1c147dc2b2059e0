package dev.ocisi.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that needs real engines (podman, its API service, dockerd, a registry, sshd): left out of the fast tests
 * ({@code ./mvnw test -DexcludedGroups=engine}), run by the test command and CI.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("engine")
public @interface EngineTest {}
