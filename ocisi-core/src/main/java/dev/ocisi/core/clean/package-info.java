/**
 * ocisi:clean: the tags of intermediate images removed, and with prune the images, build steps and working
 * containers ocisi's runs left; never anything ocisi did not make. Depends on run.
 */
package dev.ocisi.core.clean;
