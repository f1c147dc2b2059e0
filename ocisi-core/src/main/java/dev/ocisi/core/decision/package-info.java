/**
 * What a run does with each image, decided before anything is done: the facts the stores, the registry and the state
 * folder give ({@link dev.ocisi.core.decision.ImageFacts}), the one rule that turns them into a decision
 * ({@link dev.ocisi.core.decision.DecisionLadder}), and the decisions for a whole plan without acting on them (the dry
 * run, {@code list -Dgraph}, {@code status}, the report). The run acts on the same decisions. Depends on the packages
 * before it.
 */
package dev.ocisi.core.decision;
