package dev.oncelane.workers.config;

import dev.oncelane.activities.ledger.CredentialMask;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A stream that masks credentials ({@link CredentialMask}) line by line before passing text on.
 * {@code oncelane} puts it under {@code System.out} and {@code System.err} first thing, so no
 * command output, log line or stack trace shows a password or URL user info, whichever code printed
 * it.
 */
public final class MaskingOutputStream extends OutputStream {

  private final OutputStream target;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

  public MaskingOutputStream(OutputStream target) {
    this.target = target;
  }

  /** A print stream over {@code target} that masks what passes through it. */
  public static PrintStream around(PrintStream target) {
    return new PrintStream(new MaskingOutputStream(target), true, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) throws IOException {
    line.write(b);
    if (b == '\n') {
      emit();
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    for (int i = offset; i < offset + length; i++) {
      write(bytes[i]);
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    emit();
    target.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    flush();
    target.close();
  }

  private void emit() throws IOException {
    if (line.size() == 0) {
      return;
    }
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    target.write(CredentialMask.mask(text).getBytes(StandardCharsets.UTF_8));
  }
}
