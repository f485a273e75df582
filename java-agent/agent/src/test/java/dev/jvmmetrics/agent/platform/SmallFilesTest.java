package dev.jvmmetrics.agent.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallFilesTest {
  @TempDir Path dir;

  private Path file(String text) throws IOException {
    return Files.write(dir.resolve("f"), text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void linesAsFilesReadAllLinesGivesThem() throws IOException {
    for (String text :
        new String[] {"", "a", "a\n", "a\nb", "a\r\nb\r\n", "\n\nx\n", "0::/\n", "é ü\n"}) {
      Path file = file(text);
      assertEquals(
          Files.readAllLines(file, StandardCharsets.UTF_8),
          SmallFiles.readAllLines(file),
          "'" + text + "'");
    }
  }

  @Test
  void readsFilesLargerThanItsFirstBufferWhole() throws IOException {
    byte[] bytes = new byte[3 * 4096 + 17];
    new Random(7).nextBytes(bytes);
    Path file = Files.write(dir.resolve("big"), bytes);
    assertArrayEquals(bytes, SmallFiles.readAllBytes(file));
  }

  @Test
  void readsProcFilesThatSayTheyAreEmpty() throws IOException {
    Path self = Path.of("/proc/self/mountinfo");
    if (Files.isReadable(self)) {
      assertEquals(
          Files.readAllLines(self, StandardCharsets.UTF_8).size(),
          SmallFiles.readAllLines(self).size());
    }
  }

  @Test
  void aMissingFileIsAnIoException() {
    assertThrows(IOException.class, () -> SmallFiles.readAllBytes(dir.resolve("none")));
  }
}
