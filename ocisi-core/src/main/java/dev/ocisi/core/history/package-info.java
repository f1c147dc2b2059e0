/**
 * A hierarchy's runs as the state folder keeps them: the lock one run holds at a time, the history of runs (what each
 * did, which builds were under way when it stopped), and what a run tells as it goes. Depends on the packages before
 * it.
 */
package dev.ocisi.core.history;
