/**
 * Distroboxes assembled from the hierarchy's leaves: the distrobox.ini written so that its shell reads every value
 * as data, and a box recreated only when its image or settings changed. Depends on engine.
 */
package dev.ocisi.core.distrobox;
