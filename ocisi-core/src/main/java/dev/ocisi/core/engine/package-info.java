/**
 * The image stores: the engine contract and its two implementations, the podman CLI (run from argument lists) and
 * the Docker Engine API (docker-java, for dockerd and podman's service). Depends on plan, for the build context it
 * sends.
 */
package dev.ocisi.core.engine;
