package dev.oncelane.activities.crm;

/** What a CRM call was for; the same HTTP status means different things for each. */
public enum CrmOperation {
  FIND,
  CREATE,
  UPDATE
}
