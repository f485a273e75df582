package dev.jvmmetrics.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.agent.Endpoint;
import dev.jvmmetrics.agent.Log;
import dev.jvmmetrics.agent.report.ReportLock.State;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-reporter lock within one JVM. Across JVMs, where the OS does the work, see {@code
 * DynoIT}.
 */
class ReportLockTest {
  private static final String ENDPOINT_TEXT =
      "https://u:hunter2@metrics.example.com/v1/s3cret?k=tok3n";
  private static final Endpoint ENDPOINT = Endpoint.parse(ENDPOINT_TEXT);

  @TempDir Path dir;
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final Log log = new Log(new PrintStream(logged, true));

  @Test
  void theFileIsNamedByAHashOfTheUrlAndNeverTheUrl() {
    String name = new ReportLock(dir, ENDPOINT, log).file().getFileName().toString();
    assertTrue(name.matches("jvm-metrics-agent-[0-9a-f]{16}\\.lock"), name);
    for (String secret : new String[] {"hunter2", "s3cret", "tok3n", "metrics.example.com"}) {
      assertFalse(name.contains(secret), name);
    }
    Endpoint other = Endpoint.parse("https://u:hunter2@metrics.example.com/v1/other?k=tok3n");
    assertNotEquals(name, new ReportLock(dir, other, log).file().getFileName().toString());
    Endpoint padded = Endpoint.parse(" " + ENDPOINT_TEXT + " ");
    assertEquals(name, new ReportLock(dir, padded, log).file().getFileName().toString());
  }

  @Test
  void theFirstToAskHoldsItAndKeepsIt() {
    ReportLock first = new ReportLock(dir, ENDPOINT, log);
    ReportLock second = new ReportLock(dir, ENDPOINT, log); // Another copy of the agent.
    assertEquals(State.HELD, first.tryHold());
    assertEquals(State.ELSEWHERE, second.tryHold());
    assertEquals(State.HELD, first.tryHold());
    assertEquals(State.ELSEWHERE, second.tryHold());
    assertTrue(first.isHeld());
    assertFalse(second.isHeld());
    assertEquals("", logged.toString(), "standing by is normal: nothing at info level");
  }

  @Test
  void aDeletedLockFileIsNoticedAndTakenAgain() throws Exception {
    ReportLock lock = new ReportLock(dir, ENDPOINT, log);
    assertEquals(State.HELD, lock.tryHold());
    Files.delete(lock.file());
    assertEquals(State.HELD, lock.tryHold());
    assertTrue(Files.exists(lock.file()));
    ReportLock other = new ReportLock(dir, ENDPOINT, log);
    assertEquals(State.ELSEWHERE, other.tryHold(), "the new file is the one held");
  }

  @Test
  void anUnusableDirectoryIsExplainedOnceAndRetried() throws Exception {
    Path missing = dir.resolve("not-yet");
    ReportLock lock = new ReportLock(missing, ENDPOINT, log);
    assertEquals(State.UNAVAILABLE, lock.tryHold());
    assertEquals(State.UNAVAILABLE, lock.tryHold());
    String[] lines = logged.toString().split("\n");
    assertEquals(1, lines.length, logged.toString());
    assertTrue(lines[0].startsWith("at=error") && lines[0].contains("writable"), lines[0]);
    assertFalse(lines[0].contains("hunter2") || lines[0].contains("s3cret"), lines[0]);

    Files.createDirectory(missing);
    assertEquals(State.HELD, lock.tryHold());
    lines = logged.toString().split("\n");
    assertEquals(2, lines.length, logged.toString());
    assertTrue(lines[1].startsWith("at=info"), lines[1]);
  }

  @Test
  void aSymbolicLinkAtTheLockPathIsRefusedAndNotFollowed() throws Exception {
    ReportLock lock = new ReportLock(dir, ENDPOINT, log);
    Path target = dir.resolve("elsewhere");
    Files.createSymbolicLink(lock.file(), target);
    assertEquals(State.UNAVAILABLE, lock.tryHold());
    assertEquals(State.UNAVAILABLE, lock.tryHold());
    assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS), "the link was followed");
    String[] lines = logged.toString().split("\n");
    assertEquals(1, lines.length, logged.toString());
    assertTrue(
        lines[0].startsWith("at=error") && lines[0].contains("not a regular file"), lines[0]);

    Files.delete(lock.file()); // What the line asks for: then the lock works again.
    assertEquals(State.HELD, lock.tryHold());
  }

  @Test
  void aLinkToAnExistingFileIsRefusedToo() throws Exception {
    ReportLock lock = new ReportLock(dir, ENDPOINT, log);
    Path target = Files.createFile(dir.resolve("some-file"));
    Files.createSymbolicLink(lock.file(), target);
    assertEquals(State.UNAVAILABLE, lock.tryHold());
  }

  @Test
  void aDirectoryAtTheLockPathIsRefused() throws Exception {
    ReportLock lock = new ReportLock(dir, ENDPOINT, log);
    Files.createDirectory(lock.file());
    assertEquals(State.UNAVAILABLE, lock.tryHold());
  }

  @Test
  void aFifoAtTheLockPathIsRefusedWithoutBlocking() throws Exception {
    ReportLock lock = new ReportLock(dir, ENDPOINT, log);
    Process mkfifo = new ProcessBuilder("mkfifo", lock.file().toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor());
    // Opening a FIFO for writing alone blocks until a reader comes: the agent's thread would hang.
    // The limit only ends the test if that happens; the refusal itself takes no time.
    State state =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            lock::tryHold,
            () -> {
              unblock(lock.file());
              return "blocked opening a FIFO";
            });
    assertEquals(State.UNAVAILABLE, state);
  }

  /** Opens the FIFO for reading, which releases a writer blocked on it. */
  private static void unblock(Path fifo) {
    try {
      Files.newInputStream(fifo).close();
    } catch (Exception e) {
      // Then the test fails on the timeout anyway.
    }
  }

  @Test
  void aFileOfAnotherUserIsRefused() throws Exception {
    Path lockFile = new ReportLock(dir, ENDPOINT, log).file();
    Files.createFile(lockFile);
    UserPrincipal owner = Files.getOwner(lockFile);
    UserPrincipal someoneElse =
        dir.getFileSystem()
            .getUserPrincipalLookupService()
            .lookupPrincipalByName(owner.getName().equals("nobody") ? "root" : "nobody");
    ReportLock lock = new ReportLock(dir, ENDPOINT, log, someoneElse);
    assertEquals(State.UNAVAILABLE, lock.tryHold());
    assertTrue(logged.toString().contains("another user"), logged.toString());
    assertEquals(State.HELD, new ReportLock(dir, ENDPOINT, log, owner).tryHold());
  }

  @Test
  void aFileInPlaceOfTheDirectoryIsUnavailableToo() throws Exception {
    Path file = Files.createFile(dir.resolve("a-file"));
    assertEquals(State.UNAVAILABLE, new ReportLock(file, ENDPOINT, log).tryHold());
  }
}
