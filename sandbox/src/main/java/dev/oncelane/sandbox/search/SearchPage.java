package dev.oncelane.sandbox.search;

import dev.oncelane.sandbox.contacts.ContactRecord;
import java.util.List;

/**
 * One page of search results.
 *
 * @param total how many records matched in all
 * @param results this page
 * @param nextAfter the cursor of the next page, or null on the last page
 */
public record SearchPage(int total, List<ContactRecord> results, String nextAfter) {}
