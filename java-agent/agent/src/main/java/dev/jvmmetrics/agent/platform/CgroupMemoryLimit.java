package dev.jvmmetrics.agent.platform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads the memory limit of the cgroup this process runs in: cgroup v2's {@code memory.max}, else
 * cgroup v1's {@code memory.limit_in_bytes}. The cgroup comes from {@code /proc/self/cgroup} and
 * where its hierarchy is mounted from {@code /proc/self/mountinfo}; a limit set on a parent cgroup
 * counts too (the lowest one visible wins).
 *
 * <p>"Unlimited" reads as {@code max} (v2) or as a huge number (v1 writes {@code
 * 9223372036854771712}); a limit of 2^62 bytes or more, or above the host's RAM, limits nothing and
 * is treated as none, as is anything unreadable. All paths hang off an injectable root so tests can
 * feed fake v1 and v2 trees.
 */
public final class CgroupMemoryLimit {
  /** Limits from here up are "unlimited" in disguise. */
  static final long ABSURD_BYTES = 1L << 62;

  private final Path root;

  public CgroupMemoryLimit(Path root) {
    this.root = root;
  }

  /** What {@link #read} answers when there is no limit: not an OptionalLong, one class fewer. */
  public static final long NONE = -1;

  /** The limit in bytes, or {@link #NONE} when there is none (or none that limits anything). */
  public long read() {
    List<String> cgroups = lines("proc/self/cgroup");
    List<String> mounts = lines("proc/self/mountinfo");
    Path[] v2 = v2Dir(cgroups, mounts);
    long limit =
        v2 != null
            ? lowestLimit(v2, "memory.max")
            : lowestLimit(v1Dir(cgroups, mounts), "memory.limit_in_bytes");
    if (limit == NONE || limit >= ABSURD_BYTES || limit > hostRamBytes()) {
      return NONE;
    }
    return limit;
  }

  /**
   * The mount point and directory of this process's v2 cgroup, or null when it has no v2 memory
   * controller to ask (no unified hierarchy, or memory.max nowhere on the path: v1 decides).
   */
  private Path[] v2Dir(List<String> cgroups, List<String> mounts) {
    for (String line : cgroups) {
      if (line.startsWith("0::")) {
        Path[] dir = cgroupDir(mounts, line.substring(3), "cgroup2", null);
        return dir != null && anyLevelHas(dir, "memory.max") ? dir : null;
      }
    }
    return null;
  }

  /** The mount point and directory of this process's v1 memory cgroup, or null. */
  private Path[] v1Dir(List<String> cgroups, List<String> mounts) {
    for (String line : cgroups) {
      String[] fields = line.split(":", 3); // hierarchy-id:controller,list:path
      if (fields.length == 3 && hasItem(fields[1], "memory")) {
        return cgroupDir(mounts, fields[2], "cgroup", "memory");
      }
    }
    return null;
  }

  /** Every level of the cgroup's directory up to its mount point, the cgroup's own first. */
  private static List<Path> levels(Path[] mountAndDir) {
    List<Path> levels = new ArrayList<>();
    for (Path level = mountAndDir[1];
        level != null && level.startsWith(mountAndDir[0]);
        level = level.getParent()) {
      levels.add(level);
    }
    return levels;
  }

  private static boolean anyLevelHas(Path[] mountAndDir, String file) {
    for (Path level : levels(mountAndDir)) {
      // java.io.File rather than Files.isReadable: no NIO access-mode classes, no exception.
      if (level.resolve(file).toFile().canRead()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The lowest limit in {@code file} from the cgroup's directory up to its mount point (a parent's
   * limit binds its children too); {@link #NONE} when no level limits anything.
   */
  private static long lowestLimit(Path[] mountAndDir, String file) {
    if (mountAndDir == null) {
      return NONE;
    }
    long lowest = NONE;
    for (Path level : levels(mountAndDir)) {
      long limit = parseLimit(firstLine(level.resolve(file)));
      if (limit != NONE && (lowest == NONE || limit < lowest)) {
        lowest = limit;
      }
    }
    return lowest;
  }

  /**
   * The mount point of the hierarchy of {@code fsType} (with {@code superOption}, for v1) and the
   * directory of the cgroup {@code cgroupPath} in it: the mount point plus the part of the path
   * below the mount's root. Null when there is no such mount.
   */
  private Path[] cgroupDir(
      List<String> mounts, String cgroupPath, String fsType, String superOption) {
    for (String line : mounts) {
      // id parent major:minor root mount-point options [optional…] - fs-type source super-options
      int dash = line.indexOf(" - ");
      // The file system type first: only a line of the wanted type is worth splitting.
      int type = dash + 3;
      if (dash < 0
          || !line.startsWith(fsType, type)
          || line.indexOf(' ', type) != type + fsType.length()) {
        continue;
      }
      String[] left = line.substring(0, dash).split(" ");
      String[] right = line.substring(dash + 3).split(" ");
      if (left.length < 5 || right.length < 3 || !right[0].equals(fsType)) {
        continue;
      }
      if (superOption != null && !hasItem(right[2], superOption)) {
        continue;
      }
      String mountRoot = unescape(left[3]);
      Path mountPoint = root.resolve(relative(unescape(left[4]))).normalize();
      String below;
      if (mountRoot.equals("/")) {
        below = cgroupPath;
      } else if (cgroupPath.startsWith(mountRoot)) {
        below = cgroupPath.substring(mountRoot.length());
      } else {
        below = ""; // A cgroup namespace shows us only our own cgroup, at the mount point.
      }
      return new Path[] {mountPoint, mountPoint.resolve(relative(below)).normalize()};
    }
    return null;
  }

  /** A positive number of bytes → itself; {@code max}, zero, garbage or no file → NONE. */
  static long parseLimit(String text) {
    if (text == null) {
      return NONE;
    }
    try {
      long limit = Long.parseLong(text.trim());
      return limit > 0 ? limit : NONE;
    } catch (NumberFormatException e) {
      // "max", or larger than a long (some kernels print 2^64-1): unlimited either way.
      return NONE;
    }
  }

  private long hostRamBytes() {
    for (String line : lines("proc/meminfo")) {
      if (line.startsWith("MemTotal:")) {
        // "MemTotal:       24576000 kB": the number, without a regular expression.
        String rest = line.substring("MemTotal:".length()).trim();
        int space = rest.indexOf(' ');
        try {
          return Long.parseLong(space < 0 ? rest : rest.substring(0, space)) * 1024L;
        } catch (RuntimeException e) {
          return Long.MAX_VALUE;
        }
      }
    }
    return Long.MAX_VALUE;
  }

  private List<String> lines(String file) {
    try {
      return SmallFiles.readAllLines(root.resolve(file));
    } catch (IOException | RuntimeException e) {
      return Collections.emptyList();
    }
  }

  private static String firstLine(Path file) {
    try {
      List<String> lines = SmallFiles.readAllLines(file);
      return lines.isEmpty() ? null : lines.get(0);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static boolean hasItem(String commaList, String item) {
    for (String each : commaList.split(",")) {
      if (each.equals(item)) {
        return true;
      }
    }
    return false;
  }

  private static String relative(String path) {
    int start = 0;
    while (start < path.length() && path.charAt(start) == '/') {
      start++;
    }
    return path.substring(start);
  }

  /**
   * mountinfo writes space, tab, newline and backslash in paths as octal escapes ({@code \040}).
   */
  static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && isOctal(field, i + 1)) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }
}
