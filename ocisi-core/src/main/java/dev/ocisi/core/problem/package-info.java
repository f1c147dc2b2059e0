/**
 * What is wrong with what the user wrote, located (file, line, column), and the root of the exceptions ocisi-core
 * throws on purpose. Depends on nothing.
 */
package dev.ocisi.core.problem;
