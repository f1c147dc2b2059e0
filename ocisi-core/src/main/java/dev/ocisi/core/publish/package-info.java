/**
 * Publishing: the images a run built or found current, pushed to their registry under their inputs tag and their own
 * tag, uploading only what the registry lacks, and what each push did. Depends on the packages before it.
 */
package dev.ocisi.core.publish;
