/**
 * What people and CI read about a run: the HTML page (no scripts, fonts or requests) with the hierarchy drawn, the
 * layers each image owns and inherits, the last run as a timeline and the recent runs; the JUnit file CI shows; the
 * dry run's plan. Depends on the packages before it; reads engines only through them.
 */
package dev.ocisi.core.report;
