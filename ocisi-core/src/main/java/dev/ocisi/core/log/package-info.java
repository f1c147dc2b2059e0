/**
 * The small logging interface core writes through; a front end (the Maven plugin) adapts it.
 */
package dev.ocisi.core.log;
