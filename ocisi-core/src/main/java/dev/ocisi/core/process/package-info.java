/**
 * The process goal whole, for any front end: the machine checked, the plan built, boxes assembled, VM disks made,
 * the JUnit report and the summary. Depends on run, distrobox, vm and doctor.
 */
package dev.ocisi.core.process;
