package dev.ocisi.core.config;

import java.util.List;

/** The keys an image item may have: ocisictl's, then ocisi's own. One list, so "did you mean" knows them all. */
final class ImageKeys {

    static final String NAME = "name";
    static final String PATH = "path";
    static final String ENABLED = "enabled";
    static final String TAG = "tag";
    static final String MANAGER = "manager";
    static final String DISTROBOX = "distrobox";
    static final String ASSEMBLE = "assemble";
    static final String CONTAINERFILE = "containerfile";
    static final String ARGS = "args";
    static final String LABELS = "labels";
    static final String PARENT = "parent";
    static final String BOX = BoxKeys.BOX;
    static final String VM = VmKeys.VM;
    static final String ROOTFS = RootfsKeys.ROOTFS;
    static final String REGISTRY = "registry";
    static final String REFRESH = "refresh";
    static final String PLATFORMS = "platforms";
    static final String DEVCONTAINER = DevcontainerKeys.DEVCONTAINER;
    static final String SIGN = TrustSettings.SIGN;
    static final String VERIFY = TrustSettings.VERIFY;
    static final String VERIFY_BASES = TrustSettings.VERIFY_BASES;

    static final List<String> ALL = List.of(
            NAME,
            PATH,
            ENABLED,
            TAG,
            MANAGER,
            DISTROBOX,
            ASSEMBLE,
            CONTAINERFILE,
            ARGS,
            LABELS,
            PARENT,
            BOX,
            VM,
            ROOTFS,
            REGISTRY,
            REFRESH,
            PLATFORMS,
            DEVCONTAINER,
            SIGN,
            VERIFY,
            VERIFY_BASES);

    /** Keys that say how a Containerfile is built, which an image made from a root filesystem does not have. */
    static final List<String> CONTAINERFILE_ONLY = List.of(CONTAINERFILE, ARGS, PARENT);

    static final List<String> REQUIRED = List.of(NAME, PATH, ENABLED);

    /** The top level of the mapping form. */
    static final String DEFAULTS = "defaults";

    static final String IMAGES = "images";
    static final List<String> TOP_LEVEL = List.of(DEFAULTS, IMAGES);

    private ImageKeys() {}
}
