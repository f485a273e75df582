package dev.jvmmetrics.agent.report;

import dev.jvmmetrics.agent.Endpoint;
import dev.jvmmetrics.agent.Log;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Makes one JVM per dyno the reporter: every JVM started with the agent (they all get it through
 * {@code JAVA_TOOL_OPTIONS}) asks for an exclusive lock on one file before each report, and only
 * the holder reports.
 *
 * <p>The file is {@code <java.io.tmpdir>/jvm-metrics-agent-<fingerprint>.lock}, named after a hash
 * of the endpoint URL (never the URL itself, which holds a secret), so JVMs reporting to the same
 * endpoint share it. The lock is an OS file lock ({@link FileChannel#tryLock()}): the OS releases
 * it when the holder exits or dies, however it dies, and a waiting JVM takes it at its next try,
 * one interval later. The file itself is never deleted: deleting a lock file lets two JVMs lock two
 * different files of the same name. If something else deletes or replaces it, the holder notices at
 * its next report and competes for the new file.
 *
 * <p>When the lock cannot be had at all (the directory is missing, read-only, or not ours), the JVM
 * does not report: reporting from every JVM would chart each dyno's counts several times over,
 * which is worse than a gap. That is logged once, with what to do, and retried each interval.
 */
public final class ReportLock {
  /** The outcome of one attempt. */
  public enum State {
    /** This JVM holds the lock: report. */
    HELD,
    /** Another JVM, or another agent copy in this one, holds it: stand by. */
    ELSEWHERE,
    /** The lock file cannot be opened or locked: do not report, say why once. */
    UNAVAILABLE
  }

  private final Path file;
  private final Log log;
  private FileChannel channel;
  private FileLock lock;
  private Object lockedFileKey;
  private State state;
  private String lastProblem = "";
  private volatile boolean held;

  ReportLock(Path directory, Endpoint endpoint, Log log) {
    this.file = directory.resolve("jvm-metrics-agent-" + endpoint.fingerprint() + ".lock");
    this.log = log;
  }

  public static ReportLock inTmpdir(Endpoint endpoint, Log log) {
    return new ReportLock(Paths.get(System.getProperty("java.io.tmpdir", "/tmp")), endpoint, log);
  }

  /** For tests: the lock file of this endpoint. */
  Path file() {
    return file;
  }

  /** Whether this JVM held the lock at its last attempt. Safe from any thread. */
  public boolean isHeld() {
    return held;
  }

  /** Takes the lock if free, keeps it if held; logs each change of state once. */
  public State tryHold() {
    State now = attempt();
    held = now == State.HELD;
    if (now != state) {
      logChange(state, now);
      state = now;
    }
    return now;
  }

  private State attempt() {
    if (lock != null) {
      if (lock.isValid() && sameFileStillThere()) {
        return State.HELD;
      }
      release();
    }
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // Another copy of the agent in this JVM holds it.
      }
      if (lock == null) {
        release();
        return State.ELSEWHERE;
      }
      lockedFileKey = fileKey();
      return State.HELD;
    } catch (IOException | RuntimeException e) {
      release();
      lastProblem = e.toString();
      return State.UNAVAILABLE;
    }
  }

  private boolean sameFileStillThere() {
    try {
      Object key = fileKey();
      return key == null || key.equals(lockedFileKey);
    } catch (IOException | RuntimeException e) {
      return false; // Deleted: compete for the file that takes its place.
    }
  }

  private Object fileKey() throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }

  private void release() {
    try {
      if (channel != null) {
        channel.close(); // Releases the lock with it.
      }
    } catch (IOException e) {
      // Nothing more to release.
    }
    channel = null;
    lock = null;
    lockedFileKey = null;
  }

  private void logChange(State before, State now) {
    if (now == State.UNAVAILABLE) {
      log.error(
          "cannot lock the file that keeps reporting to one JVM per dyno, so this JVM does not"
              + " report; make java.io.tmpdir a writable directory",
          "file",
          file,
          "error",
          lastProblem);
    } else if (before == State.UNAVAILABLE) {
      log.info("the lock file can be used again; reporting resumes", "file", file);
    } else if (now == State.ELSEWHERE) {
      log.debug("another JVM in this dyno reports to this endpoint; standing by", "file", file);
    } else if (before == State.ELSEWHERE) {
      log.debug("the reporting JVM has gone; this one reports now", "file", file);
    }
  }
}
