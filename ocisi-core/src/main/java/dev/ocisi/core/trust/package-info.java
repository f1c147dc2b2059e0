/**
 * The keys of trust in published images: cosign's key pairs (made, read, the private key sealed with a passphrase)
 * and what a sigstore signature says and is (a simple-signing payload naming the repository and the manifest's digest,
 * ECDSA P-256 over it). Where signatures are stored beside an image is the registry package's.
 */
package dev.ocisi.core.trust;
