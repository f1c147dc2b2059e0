/**
 * The report people look at: one self-contained HTML page (no scripts, fonts or requests) with the hierarchy drawn,
 * the layers each image owns and inherits, the last run as a timeline and the recent runs. Depends on graph, layers
 * and run (the history); reads engines only through them.
 */
package dev.ocisi.core.report;
