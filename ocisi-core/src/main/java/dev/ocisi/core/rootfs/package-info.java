/**
 * Images made from a root filesystem instead of a Containerfile: a tarball checked against its pinned SHA-256, or
 * a debootstrap of a Debian suite, imported into an engine. Depends on engine.
 */
package dev.ocisi.core.rootfs;
