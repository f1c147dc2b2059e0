/**
 * What an image holds, as its package database says: the database read from an image (dpkg, apk, rpm), and the bill
 * of materials made of it (SPDX 2.3), kept by image id, written under target/ocisi/sbom and attached to the published
 * image.
 */
package dev.ocisi.core.sbom;
