package dev.ocisi.core.vm;

/**
 * The disk of an image after {@link DiskMaker#make}.
 *
 * @param made whether it was made now (else it was reused)
 * @param why  why it was made, or why it was reused
 */
public record VmDisk(DiskCache.CachedDisk disk, boolean made, String why) {}
