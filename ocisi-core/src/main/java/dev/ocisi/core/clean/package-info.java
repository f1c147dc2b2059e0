/**
 * Removal of what ocisi made and no longer needs: the images a run's tags left, and for ocisi:clean the tags of
 * intermediate images, with prune the images, build steps and working containers ocisi's runs left; never anything
 * ocisi did not make, nor an image a container uses. Depends on the packages before it.
 */
package dev.ocisi.core.clean;
