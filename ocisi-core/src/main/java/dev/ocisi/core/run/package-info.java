/**
 * The run of a plan: images built parents first, in parallel where branches are independent, tags moved only after
 * a build succeeded, engine races retried, the run's lock, history and reports, the removal of what a run replaced
 * or left, and what a stopped run leaves behind. Depends on the packages before it.
 */
package dev.ocisi.core.run;
