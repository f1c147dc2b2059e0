/**
 * Dev containers of the hierarchy's {@code -dx} leaves: which images back them, the devcontainer.json files ocisi
 * writes for them, and the dev containers the devcontainers CLI made from them.
 */
package dev.ocisi.core.devcontainer;
