/** The Temporal client calls behind the contact lock: signal-with-start of the lock workflow. */
package dev.oncelane.activities.lock;
