/**
 * What a run did with each image (built, pulled, up to date, failed, skipped, not published), and the run's report
 * of them with its pushes. Depends on the packages before it.
 */
package dev.ocisi.core.result;
