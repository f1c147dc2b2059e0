/**
 * The hierarchy file (YAML) read into an immutable model: images, box, VM and root-filesystem settings, the lock
 * file of pinned bases; every value checked, every problem located. The first step of the data's path: config,
 * graph, plan, engine, then the run of the plan.
 */
package dev.ocisi.core.config;
