package dev.oncelane.workers.config;

/**
 * One thing wrong with the configuration, and where it came from.
 *
 * @param where {@code <file>:<line>} for the file, {@code environment} for variables (the message
 *     names the variable)
 * @param message what is wrong and how to fix it; never a secret's value
 */
public record ConfigProblem(String where, String message) {

  @Override
  public String toString() {
    return where + ": " + message;
  }
}
