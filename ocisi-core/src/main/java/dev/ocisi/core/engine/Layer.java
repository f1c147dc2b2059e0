package dev.ocisi.core.engine;

/** One layer of an image's root filesystem: its digest (as in RootFS.Layers) and its size in bytes. */
public record Layer(String digest, long size) {}
