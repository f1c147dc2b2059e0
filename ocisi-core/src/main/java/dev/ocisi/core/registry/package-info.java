/**
 * Registries, the images' second home: what a registry holds under an image's inputs tag (read over the distribution
 * API, so that nothing is pulled to find out), the logins and certificate authorities the engines would use, and the
 * update size of a pull. Pushing and pulling the layers themselves is the engines' job.
 */
package dev.ocisi.core.registry;
