package dev.jvmmetrics.agent.report;

import dev.jvmmetrics.agent.Endpoint;
import dev.jvmmetrics.agent.Log;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;

/**
 * Makes one JVM per dyno the reporter: every JVM started with the agent (they all get it through
 * {@code JAVA_TOOL_OPTIONS}) asks for an exclusive lock on one file before each report, and only
 * the holder reports.
 *
 * <p>The file is {@code jvm-metrics-agent-<fingerprint>.lock} in the directory {@link
 * LockDirectory} picks (beside the agent jar, whatever each JVM's {@code java.io.tmpdir}), named
 * after a hash of the endpoint URL (never the URL itself, which holds a secret), so JVMs reporting
 * to the same endpoint share it. The lock is an OS file lock ({@link FileChannel#tryLock()}): the
 * OS releases it when the holder exits or dies, however it dies, and a waiting JVM takes it at its
 * next try, one interval later. The file itself is never deleted: deleting a lock file lets two
 * JVMs lock two different files of the same name. If something else deletes or replaces it, the
 * holder notices at its next report and competes for the new file.
 *
 * <p>Only a regular file this user owns is used, opened without following a symbolic link: a link
 * planted at that path would otherwise make the agent create or lock a file elsewhere, a FIFO would
 * block the opening thread, and another user's file could be held against this app forever.
 *
 * <p>When the lock cannot be had at all (the directory is read-only, or something else is at the
 * lock's path), the JVM does not report: reporting from every JVM would chart each dyno's counts
 * several times over, which is worse than a gap. That is logged once, with what to do, and retried
 * each interval.
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

  private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private final Path file;
  private final Log log;

  /** This process's user, or null where that cannot be told (then any owner is accepted). */
  private final UserPrincipal me;

  private FileChannel channel;
  private FileLock lock;
  private Object lockedFileKey;
  private State state;
  private String lastProblem = "";
  private String advice = "";
  private volatile boolean held;

  ReportLock(Path directory, Endpoint endpoint, Log log) {
    this(directory, endpoint, log, processOwner());
  }

  /** For tests: {@code me} stands for this process's user. */
  ReportLock(Path directory, Endpoint endpoint, Log log, UserPrincipal me) {
    this.file = directory.resolve(fileName(endpoint));
    this.log = log;
    this.me = me;
  }

  /**
   * The lock of this dyno's JVMs that report to {@code endpoint}, where {@link LockDirectory} says.
   */
  public static ReportLock forDyno(Endpoint endpoint, Map<String, String> env, Log log) {
    return new ReportLock(LockDirectory.forThisJvm(env), endpoint, log);
  }

  /** The lock file's name for {@code endpoint}: it never holds the URL, only its fingerprint. */
  public static String fileName(Endpoint endpoint) {
    return "jvm-metrics-agent-" + endpoint.fingerprint() + ".lock";
  }

  /**
   * The owner of {@code /proc/self}, which Linux gives the process's effective user: Java has no
   * call that returns this process's user id, and {@code user.name} is "?" for a user id that has
   * no name. Null elsewhere, where only the checks that need no owner apply.
   */
  private static UserPrincipal processOwner() {
    try {
      return Files.getOwner(Paths.get("/proc/self"));
    } catch (IOException | RuntimeException e) {
      return null;
    }
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
      // Opened before anything is checked: no-follow makes a symbolic link fail the opening, and
      // READ too makes a FIFO open at once (for writing alone it would block). Looking first would
      // throw NoSuchFileException at every JVM's first try, for nothing.
      channel =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS);
      if (!isPlainFileOfMine()) {
        release();
        return State.UNAVAILABLE;
      }
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
      // A symbolic link makes the no-follow open fail with ELOOP, reported as a bare IOException,
      // and a directory with EISDIR: what is at the path says it better, when something is.
      if (!somethingElseIsThere()) {
        lastProblem = e.toString();
        advice = "make its directory writable for this user, or remove whatever is at that path";
      }
      return State.UNAVAILABLE;
    }
  }

  /** Whether something other than a regular file of this user is at the path (problem set). */
  private boolean somethingElseIsThere() {
    try {
      return !isPlainFileOfMine();
    } catch (IOException | RuntimeException e) {
      return false; // Nothing there, or nothing that says more than the opening's error.
    }
  }

  /**
   * Whether the lock's path holds a regular file of this user, without following a link. Sets the
   * problem to log otherwise.
   */
  private boolean isPlainFileOfMine() throws IOException {
    BasicFileAttributes attributes =
        Files.readAttributes(file, BasicFileAttributes.class, NO_FOLLOW);
    if (!attributes.isRegularFile()) {
      lastProblem = "not a regular file (a symbolic link, a directory or a special file)";
      advice = "remove it, so that the agent can create its own file there";
      return false;
    }
    if (me != null && !me.equals(Files.getOwner(file, NO_FOLLOW))) {
      lastProblem = "the file belongs to another user";
      advice = "remove it, so that the agent can create its own file there";
      return false;
    }
    return true;
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
    return Files.readAttributes(file, BasicFileAttributes.class, NO_FOLLOW).fileKey();
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
              + " report; "
              + advice,
          "file",
          file,
          "error",
          lastProblem);
    } else if (before == State.UNAVAILABLE) {
      log.info("the lock file can be used again; reporting resumes", "file", file);
    } else if (now == State.ELSEWHERE) {
      log.debug("another JVM in this dyno reports to this endpoint; standing by", "file", file);
    } else if (before == State.ELSEWHERE) {
      log.debug(
          "the reporting JVM has gone; this one reports now, counting from this moment",
          "file",
          file);
    }
  }
}
