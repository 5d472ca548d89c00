package dev.oncelane.sandbox.search;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One search filter. String comparisons ignore case, as HubSpot's do. GT/GTE/LT/LTE/BETWEEN compare
 * numerically when both sides are numbers (an ISO timestamp such as createdate counts as its epoch
 * milliseconds), otherwise as lower-case text.
 *
 * @param propertyName the property to test
 * @param operator one of {@link #OPERATORS}
 * @param value the operand of single-value operators
 * @param highValue the upper bound of BETWEEN
 * @param values the operands of IN and NOT_IN
 */
public record Filter(
    String propertyName, String operator, String value, String highValue, List<String> values) {

  public static final Set<String> OPERATORS =
      Set.of(
          "EQ",
          "NEQ",
          "LT",
          "LTE",
          "GT",
          "GTE",
          "BETWEEN",
          "IN",
          "NOT_IN",
          "HAS_PROPERTY",
          "NOT_HAS_PROPERTY",
          "CONTAINS_TOKEN",
          "NOT_CONTAINS_TOKEN");

  // Words split on whitespace and '@' (so "acme.com" is a token of "bob@acme.com"), and finer
  // tokens split on any other punctuation too.
  private static final Pattern WORD_SEPARATORS = Pattern.compile("[\\s@]+");
  private static final Pattern TOKEN_SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

  public Filter {
    values = values == null ? List.of() : List.copyOf(values);
  }

  /** Whether a record with these properties passes the filter. */
  public boolean matches(Map<String, String> properties) {
    String actual = properties.get(propertyName);
    switch (operator) {
      case "HAS_PROPERTY":
        return actual != null;
      case "NOT_HAS_PROPERTY":
        return actual == null;
      case "EQ":
        return actual != null && actual.equalsIgnoreCase(value);
      case "NEQ":
        return actual == null || !actual.equalsIgnoreCase(value);
      case "IN":
        return actual != null && values.stream().anyMatch(actual::equalsIgnoreCase);
      case "NOT_IN":
        return actual == null || values.stream().noneMatch(actual::equalsIgnoreCase);
      case "CONTAINS_TOKEN":
        return actual != null && containsToken(actual, value);
      case "NOT_CONTAINS_TOKEN":
        return actual == null || !containsToken(actual, value);
      case "GT":
        return actual != null && compare(actual, value) > 0;
      case "GTE":
        return actual != null && compare(actual, value) >= 0;
      case "LT":
        return actual != null && compare(actual, value) < 0;
      case "LTE":
        return actual != null && compare(actual, value) <= 0;
      case "BETWEEN":
        return actual != null && compare(actual, value) >= 0 && compare(actual, highValue) <= 0;
      default:
        throw new IllegalStateException("operator was validated on parse: " + operator);
    }
  }

  /**
   * True when the wanted text equals the whole value, one of its words (split on whitespace and
   * '@') or one of its tokens (runs of letters and digits); a '*' matches any characters.
   */
  static boolean containsToken(String actual, String wanted) {
    String text = actual.toLowerCase(Locale.ROOT);
    Pattern pattern = wildcard(wanted.toLowerCase(Locale.ROOT));
    if (pattern.matcher(text).matches()) {
      return true;
    }
    for (Pattern separators : List.of(WORD_SEPARATORS, TOKEN_SEPARATORS)) {
      for (String token : separators.split(text)) {
        if (pattern.matcher(token).matches()) {
          return true;
        }
      }
    }
    return false;
  }

  private static Pattern wildcard(String wanted) {
    List<String> literals = new ArrayList<>();
    for (String literal : wanted.split("\\*", -1)) {
      literals.add(Pattern.quote(literal));
    }
    return Pattern.compile(String.join(".*", literals));
  }

  private static int compare(String actual, String operand) {
    BigDecimal left = number(actual);
    BigDecimal right = number(operand);
    if (left != null && right != null) {
      return left.compareTo(right);
    }
    return actual.toLowerCase(Locale.ROOT).compareTo(operand.toLowerCase(Locale.ROOT));
  }

  private static BigDecimal number(String text) {
    try {
      return new BigDecimal(text.trim());
    } catch (NumberFormatException notPlainNumber) {
      try {
        return BigDecimal.valueOf(Instant.parse(text.trim()).toEpochMilli());
      } catch (DateTimeParseException notTimestamp) {
        return null;
      }
    }
  }
}
