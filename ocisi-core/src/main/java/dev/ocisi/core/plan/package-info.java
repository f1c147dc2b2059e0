/**
 * What to build and why: the images a run takes, their inputs (Containerfile, context files, arguments, labels,
 * parents) and their digest, the build arguments and labels ocisi adds, and the freshness rule that decides
 * whether an image is current. Depends on graph and config.
 */
package dev.ocisi.core.plan;
