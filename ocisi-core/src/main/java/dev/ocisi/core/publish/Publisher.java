package dev.ocisi.core.publish;

import dev.ocisi.core.config.ImageSpec;
import dev.ocisi.core.config.RegistryLocation;
import dev.ocisi.core.engine.ContainerEngine;
import dev.ocisi.core.engine.EngineException;
import dev.ocisi.core.engine.Engines;
import dev.ocisi.core.engine.ImageDetails;
import dev.ocisi.core.log.Log;
import dev.ocisi.core.log.TextTable;
import dev.ocisi.core.plan.OcisiLabels;
import dev.ocisi.core.registry.ImageIndex;
import dev.ocisi.core.registry.ImageSignatures;
import dev.ocisi.core.registry.InputsTag;
import dev.ocisi.core.registry.Referrers;
import dev.ocisi.core.registry.Registries;
import dev.ocisi.core.registry.RegistryClient;
import dev.ocisi.core.registry.RegistryException;
import dev.ocisi.core.registry.RemoteImage;
import dev.ocisi.core.sbom.Sbom;
import dev.ocisi.core.sbom.Sboms;
import dev.ocisi.core.trust.SigningKey;
import dev.ocisi.core.trust.VerifyingKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Publishes images: each under its immutable inputs tag first (layers the registry lacks, then the manifest), then
 * its own {@code name:tag} is pointed at that manifest in one registry step. An interrupted push leaves
 * {@code name:tag} on the old image or the new one, never on nothing; an image the registry already holds under its
 * inputs tag uploads nothing. Only images that are current go: a failed build has no image to push.
 */
public final class Publisher {

    /** An image to publish: its spec, its id in its store, and the inputs digest it was built from. */
    public record Publishable(ImageSpec spec, String imageId, String digest) {}

    private final Engines engines;
    private final Registries registries;
    private final Sboms sboms;
    private final Log log;

    /** @param sboms the bills of materials attached to each image this run vouches for */
    public Publisher(Engines engines, Registries registries, Sboms sboms, Log log) {
        this.engines = engines;
        this.registries = registries;
        this.sboms = sboms;
        this.log = log;
    }

    /** Pushes each image that has a registry, in order; one that fails does not stop the others. */
    public List<PushResult> push(List<Publishable> images) {
        List<PushResult> results = new ArrayList<>();
        for (Publishable image : images) {
            Optional<RegistryLocation> location = registries.location(image.spec());
            if (location.isPresent()) {
                results.add(pushOne(image, location.get()));
            }
        }
        return results;
    }

    /**
     * Pushes the images as the stores hold them now, without building: each under the inputs digest it carries. An
     * image the store lacks, or that ocisi did not build, fails (and is named); the others go.
     */
    public List<PushResult> pushCurrent(List<ImageSpec> images) throws EngineException, RegistryException {
        registries.checkAll(images);
        List<PushResult> results = new ArrayList<>();
        for (ImageSpec spec : images) {
            Optional<RegistryLocation> location = registries.location(spec);
            if (location.isEmpty()) {
                log.info(spec.id() + " has no registry: not pushed (set 'registry:' or -Docisi.registry)");
                continue;
            }
            String reference = reference(location.get(), spec);
            Optional<ImageDetails> image =
                    engines.forManager(spec.manager()).inspect(spec.id().localReference());
            String why = image.isEmpty()
                    ? "not built here: run mvn ocisi:process first"
                    : !OcisiLabels.builtFor(image.get().labels(), spec)
                            ? spec.id().localReference()
                                    + " was not built by ocisi for this hierarchy, so it is not published as its image"
                            : image.get().label(OcisiLabels.INPUT_DIGEST) == null
                                    ? "it carries no inputs digest"
                                    : null;
            if (why != null) {
                log.error("Not pushing " + spec.id() + ": " + why);
                results.add(new PushResult(
                        spec.id(),
                        reference,
                        image.map(ImageDetails::id).orElse(""),
                        PushResult.Status.FAILED,
                        Duration.ZERO,
                        why));
                continue;
            }
            results.add(pushOne(
                    new Publishable(spec, image.get().id(), image.get().label(OcisiLabels.INPUT_DIGEST)),
                    location.get()));
        }
        return results;
    }

    /** Whether the store's image was built after the registry's: a refresh of the same inputs. */
    private boolean createdLater(Publishable image, RemoteImage published) throws EngineException {
        return engines.forManager(image.spec().manager())
                .inspect(image.imageId())
                .map(local -> local.created().isAfter(published.created()))
                .orElse(false);
    }

    /**
     * Signs the manifest (an image's, or its SBOM's) with {@code -Docisi.sign}'s key unless that key signed it
     * already; what the detail adds.
     */
    private String sign(RegistryClient client, String repository, String manifestDigest) throws RegistryException {
        Optional<SigningKey> key = registries.options().signing();
        if (key.isEmpty()) {
            return "";
        }
        VerifyingKey own = new VerifyingKey(key.get().publicKey(), key.get().name());
        if (ImageSignatures.check(client, repository, manifestDigest, own).valid()) {
            return " signed already by " + key.get().name();
        }
        ImageSignatures.sign(client, repository, manifestDigest, key.get());
        return " signed with " + key.get().name();
    }

    /** Attaches the image's bill of materials (signed when signing is on); what the detail adds. */
    private String attachSbom(RegistryClient client, String repository, ImageSpec spec, RemoteImage image)
            throws RegistryException {
        Optional<Sbom> sbom;
        try {
            sbom = sboms.of(spec, image.id());
        } catch (EngineException e) {
            // the image is published and signed: its document is attached by the next push, which finds it missing
            log.warn("No bill of materials attached to " + spec.id() + " this time: " + e.getMessage());
            return "; no SBOM attached (" + e.getMessage() + ")";
        }
        if (sbom.isEmpty()) {
            return "";
        }
        Referrers.Attached attached = Referrers.attach(
                client, repository, image, Sbom.MEDIA_TYPE, sbom.get().bytes());
        String signed = sign(client, repository, attached.manifestDigest());
        return "; SBOM (" + sbom.get().describe() + ") attached" + (attached.already() ? " already" : "")
                + (signed.isEmpty() ? "" : ",") + signed;
    }

    /** What the image is published as: {@code name:tag}, and for one platform of several, which. */
    private static String reference(RegistryLocation location, ImageSpec spec) {
        String reference = location.reference(spec.id(), spec.declaredId().tag());
        return spec.allPlatforms().size() > 1 ? reference + " (" + spec.platform() + ")" : reference;
    }

    /** Moves {@code name:tag} to the image; what the detail adds. */
    private static String tag(RegistryClient client, String repository, ImageSpec spec, RemoteImage image)
            throws RegistryException {
        Optional<RemoteImage> tagged = client.find(repository, spec.id().tag());
        if (tagged.isPresent() && tagged.get().manifestDigest().equals(image.manifestDigest())) {
            return "";
        }
        client.tag(repository, image, spec.id().tag());
        return "; " + spec.id().tag() + " now names it";
    }

    /**
     * Puts the image, one platform's of several, into the index under {@code name:tag}, signed like the images
     * (a consumer's policy checks what it pulled by: the index); what the detail adds.
     */
    private String index(RegistryClient client, String repository, ImageSpec spec, RemoteImage image)
            throws RegistryException {
        String tag = spec.declaredId().tag();
        ImageIndex.Result index = ImageIndex.include(client, repository, tag, image, spec.platform());
        String signed = sign(client, repository, index.digest());
        String platforms = String.join(", ", index.platforms());
        return index.changed()
                ? "; " + tag + "'s index now holds it (" + platforms + "; " + index.digest() + ")"
                        + signed.replace(" signed", ", signed")
                : "; " + tag + "'s index holds it already (" + platforms + "; " + index.digest() + ")";
    }

    private PushResult pushOne(Publishable image, RegistryLocation location) {
        ImageSpec spec = image.spec();
        Instant start = Instant.now();
        String reference = reference(location, spec);
        String repository = location.repository(spec.id());
        String inputsTag = InputsTag.of(image.digest());
        try {
            RegistryClient client = registries.client(location);
            Optional<RemoteImage> published = client.find(repository, inputsTag);
            PushResult.Status status;
            String detail;
            boolean refreshed = published.isPresent()
                    && !published.get().id().equals(image.imageId())
                    && createdLater(image, published.get());
            if (published.isPresent() && !refreshed) {
                status = PushResult.Status.ALREADY_THERE;
                detail = published.get().id().equals(image.imageId())
                        ? "nothing uploaded: the registry has it under " + inputsTag
                        : "nothing uploaded: the registry has a later build of the same inputs ("
                                + published.get().id() + "), which stays the published one";
            } else {
                // a refresh built the same inputs again with newer packages: the inputs tag moves to it
                log.info("Pushing " + spec.id() + " to " + location.reference(spec.id(), inputsTag)
                        + (refreshed ? " (a refresh of the published image: the same inputs, newer packages)" : ""));
                ContainerEngine engine = engines.forManager(spec.manager());
                engine.push(
                        image.imageId(),
                        location.reference(spec.id(), inputsTag),
                        registries.login(location.host()),
                        line -> log.info("[" + spec.id() + "] " + line));
                published = client.find(repository, inputsTag);
                if (published.isEmpty() || !published.get().id().equals(image.imageId())) {
                    throw new RegistryException("after the push, " + location.reference(spec.id(), inputsTag)
                            + " does not name " + image.imageId());
                }
                status = PushResult.Status.PUSHED;
                detail = (refreshed ? "refreshed, pushed under " : "pushed under ") + inputsTag;
            }
            if (published.get().id().equals(image.imageId())) {
                // signed before its name:tag moves to it, so that a consumer never meets it unsigned; a later build
                // of the same inputs that the registry holds is not this run's to vouch for
                String signed = sign(client, repository, published.get().manifestDigest());
                detail += signed.isEmpty() ? "" : ";" + signed;
                detail += attachSbom(client, repository, spec, published.get());
            }
            detail += spec.allPlatforms().size() > 1
                    ? index(client, repository, spec, published.get())
                    : tag(client, repository, spec, published.get());
            Duration took = Duration.between(start, Instant.now());
            log.info((status == PushResult.Status.PUSHED ? "Pushed " : "Published already: ") + reference + " ("
                    + detail + ", " + TextTable.seconds(took) + ")");
            return new PushResult(spec.id(), reference, image.imageId(), status, took, detail);
        } catch (RegistryException | EngineException e) {
            log.error("Push of " + spec.id() + " to " + location + " failed: " + e.getMessage() + "; " + reference
                    + " in the registry is as it was");
            return new PushResult(
                    spec.id(),
                    reference,
                    image.imageId(),
                    PushResult.Status.FAILED,
                    Duration.between(start, Instant.now()),
                    e.getMessage());
        }
    }
}
