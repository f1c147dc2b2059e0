/**
 * Checks of the machine (engines, a test container, the image store, distrobox, QEMU, KVM, free disk), each
 * problem with its fix. Depends on engine.
 */
package dev.ocisi.core.doctor;
