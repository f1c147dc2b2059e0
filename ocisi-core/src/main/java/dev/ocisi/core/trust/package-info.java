/**
 * Trust in published images: cosign's key pairs (made, read, the private key encrypted with a passphrase), the
 * signatures ocisi attaches to what it pushes, in the form sigstore and podman's policy read (a simple-signing payload
 * naming the manifest's digest, ECDSA P-256, stored in the registry beside the image under {@code sha256-HEX.sig}),
 * and their verification before an image found under its inputs tag is used.
 */
package dev.ocisi.core.trust;
