package dev.jvmmetrics.agent;

import java.io.PrintStream;

/**
 * One-line logfmt messages on stderr: {@code at=warn component=jvm-metrics-agent msg="..."}.
 *
 * <p>Callers log state changes, not every repetition. Debug lines appear only with {@code
 * HEROKU_METRICS_DEBUG=true}.
 */
public final class Log {
  private final PrintStream out;
  private volatile boolean debugEnabled;

  public Log(PrintStream out) {
    this.out = out;
  }

  static Log toStderr() {
    return new Log(System.err);
  }

  void enableDebug(boolean enabled) {
    debugEnabled = enabled;
  }

  public void debug(String message, Object... keyValues) {
    if (debugEnabled) {
      write("debug", message, keyValues);
    }
  }

  public void info(String message, Object... keyValues) {
    write("info", message, keyValues);
  }

  public void warn(String message, Object... keyValues) {
    write("warn", message, keyValues);
  }

  public void error(String message, Object... keyValues) {
    write("error", message, keyValues);
  }

  private void write(String level, String message, Object... keyValues) {
    StringBuilder line = new StringBuilder(128);
    line.append("at=").append(level).append(" component=").append(AgentMain.THREAD_NAME);
    line.append(" msg=");
    appendValue(line, message);
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      line.append(' ').append(keyValues[i]).append('=');
      appendValue(line, String.valueOf(keyValues[i + 1]));
    }
    // One println per line, so lines from several threads never interleave mid-line.
    out.println(line);
  }

  /** Writes a logfmt value, quoted when it holds a space, a quote, an equals sign or nothing. */
  static void appendValue(StringBuilder line, String value) {
    boolean quote = value.isEmpty();
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c <= ' ' || c == '"' || c == '=' || c == '\\';
    }
    if (!quote) {
      line.append(value);
      return;
    }
    line.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        line.append('\\').append(c);
      } else if (c == '\n') {
        line.append("\\n");
      } else if (c < ' ') {
        line.append(' ');
      } else {
        line.append(c);
      }
    }
    line.append('"');
  }
}
