/**
 * The run of a plan: the scheduler starts each image once what it needs is done, in parallel where branches are
 * independent, and acts on its decision (a build whose tag moves only after it succeeded, a pull, a wait for another
 * shard, a refresh kept or replaced); engine races retried, shards met in the registry, a stopped run's builds ended.
 * Depends on the packages before it.
 */
package dev.ocisi.core.run;
