/**
 * The Containerfiles' FROM and COPY --from lines read into the hierarchy's DAG (JGraphT), with cycles, unknown
 * parents and contradictions located; views of it (tree, DOT, Mermaid, tables). Depends on config.
 */
package dev.ocisi.core.graph;
