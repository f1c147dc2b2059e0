/**
 * Which layers the images share and what that saves, for the hierarchy or every image of a store. Depends on
 * engine and graph.
 */
package dev.ocisi.core.layers;
