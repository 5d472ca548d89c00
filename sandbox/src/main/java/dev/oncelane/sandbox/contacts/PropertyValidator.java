package dev.oncelane.sandbox.contacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks property names and values before anything is written. */
public final class PropertyValidator {

  // Deliberately loose, like HubSpot's own check: one @, something on each side, a dot after it.
  private static final Pattern EMAIL_SHAPE = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  private PropertyValidator() {}

  /** Every problem with the given properties, in input order; empty when all are acceptable. */
  public static List<PropertyProblem> problems(
      PropertyCatalog catalog, Map<String, String> properties) {
    List<PropertyProblem> problems = new ArrayList<>();
    properties.forEach(
        (name, value) -> {
          if (!catalog.exists(name)) {
            problems.add(
                new PropertyProblem(
                    name, "Property \"" + name + "\" does not exist", "PROPERTY_DOESNT_EXIST"));
          } else if (catalog.isReadOnly(name)) {
            problems.add(
                new PropertyProblem(
                    name,
                    "\"" + name + "\" is a read only property; its value cannot be set.",
                    "READ_ONLY_VALUE"));
          } else if (PropertyCatalog.EMAIL.equals(name)
              && !value.isEmpty()
              && !EMAIL_SHAPE.matcher(value.trim()).matches()) {
            problems.add(
                new PropertyProblem(
                    name, "Email address " + value + " is invalid", "INVALID_EMAIL"));
          }
        });
    return problems;
  }

  /** Whether the text looks like an email address. */
  public static boolean isEmail(String text) {
    return text != null && EMAIL_SHAPE.matcher(text.trim()).matches();
  }
}
