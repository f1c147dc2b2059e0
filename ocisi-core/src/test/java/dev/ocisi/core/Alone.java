package dev.ocisi.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that looks at the whole machine (the temp folder, the builds of every process): it runs after the others,
 * with nothing beside it (the surefire execution {@code alone} in ocisi-core/pom.xml), since what the tests that run
 * side by side do would show in what it sees.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("alone")
public @interface Alone {}
