/**
 * The images a hierarchy takes from registries: made present before any build, pulled or refreshed, and pinned by
 * digest in the lock file. Depends on engine.
 */
package dev.ocisi.core.bases;
