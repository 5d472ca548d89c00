package dev.oncelane.workers.imports;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One data row as read from the file, before mapping.
 *
 * @param line the line it starts on, 1-based
 * @param fields the row as a JSON object (CSV: header name → cell text); null when unreadable
 * @param problem why the row could not be read (wrong column count, not JSON); null when read
 * @param raw the row's text, for the result file (see {@link CsvRows#raw})
 */
record FileRow(int line, ObjectNode fields, String problem, String raw) {}
