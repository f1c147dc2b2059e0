/**
 * Bootable disks made from images, and their boots in QEMU (KVM where it works, else software emulation). Depends
 * on engine.
 */
package dev.ocisi.core.vm;
