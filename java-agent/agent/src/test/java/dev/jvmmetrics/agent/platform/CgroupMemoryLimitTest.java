package dev.jvmmetrics.agent.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fake /proc and /sys/fs/cgroup trees, as containers and hosts lay them out. */
class CgroupMemoryLimitTest {
  private static final String HOST_16_GB = "MemTotal:       16384000 kB\nMemFree: 1 kB\n";
  private static final String V2_MOUNT =
      "30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n";
  private static final String V1_MOUNTS =
      "31 23 0:28 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755\n"
          + "35 31 0:32 / /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup rw,memory\n"
          + "36 31 0:33 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct\n";

  @TempDir Path root;

  private void write(String path, String text) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  private OptionalLong limit() {
    long limit = new CgroupMemoryLimit(root).read();
    return limit == CgroupMemoryLimit.NONE ? OptionalLong.empty() : OptionalLong.of(limit);
  }

  @Test
  void cgroupV2ReadsMemoryMaxOfItsOwnCgroup() throws IOException {
    write("proc/self/cgroup", "0::/system.slice/dyno.service\n");
    write("proc/self/mountinfo", V2_MOUNT);
    write("proc/meminfo", HOST_16_GB);
    write("sys/fs/cgroup/memory.max", "max\n");
    write("sys/fs/cgroup/system.slice/dyno.service/memory.max", "536870912\n");
    assertEquals(OptionalLong.of(536870912L), limit());
  }

  @Test
  void cgroupV2TakesALimitSetOnAParentAndTheLowestOneWins() throws IOException {
    write("proc/self/cgroup", "0::/app.slice/web.1\n");
    write("proc/self/mountinfo", V2_MOUNT);
    write("proc/meminfo", HOST_16_GB);
    write("sys/fs/cgroup/app.slice/memory.max", "1073741824\n");
    write("sys/fs/cgroup/app.slice/web.1/memory.max", "max\n");
    assertEquals(OptionalLong.of(1073741824L), limit());
    write("sys/fs/cgroup/app.slice/web.1/memory.max", "2147483648\n");
    assertEquals(OptionalLong.of(1073741824L), limit());
  }

  @Test
  void cgroupV2InANamespaceSeesItsCgroupAtTheMountPoint() throws IOException {
    write("proc/self/cgroup", "0::/\n");
    write("proc/self/mountinfo", V2_MOUNT);
    write("proc/meminfo", HOST_16_GB);
    write("sys/fs/cgroup/memory.max", "268435456\n");
    assertEquals(OptionalLong.of(268435456L), limit());
  }

  @Test
  void cgroupV2UnlimitedIsNoLimit() throws IOException {
    write("proc/self/cgroup", "0::/user.slice\n");
    write("proc/self/mountinfo", V2_MOUNT);
    write("proc/meminfo", HOST_16_GB);
    write("sys/fs/cgroup/user.slice/memory.max", "max\n");
    assertEquals(OptionalLong.empty(), limit());
  }

  @Test
  void cgroupV1ReadsLimitInBytesBelowTheMountRoot() throws IOException {
    // Docker without a cgroup namespace: the cgroup path and the mount's root are the same.
    write("proc/self/cgroup", "12:cpu,cpuacct:/docker/abc\n4:memory:/docker/abc\n0::/\n");
    write(
        "proc/self/mountinfo",
        V1_MOUNTS.replace(
            "0:32 / /sys/fs/cgroup/memory", "0:32 /docker/abc /sys/fs/cgroup/memory"));
    write("proc/meminfo", HOST_16_GB);
    write("sys/fs/cgroup/memory/memory.limit_in_bytes", "2684354560\n");
    assertEquals(OptionalLong.of(2684354560L), limit());
  }

  @Test
  void cgroupV1FromTheHostSideFollowsTheCgroupPath() throws IOException {
    write("proc/self/cgroup", "4:memory:/lxc/dyno-7\n");
    write("proc/self/mountinfo", V1_MOUNTS);
    write("proc/meminfo", HOST_16_GB);
    write("sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");
    write("sys/fs/cgroup/memory/lxc/dyno-7/memory.limit_in_bytes", "536870912\n");
    assertEquals(OptionalLong.of(536870912L), limit());
  }

  @Test
  void cgroupV1UnlimitedIsNoLimit() throws IOException {
    write("proc/self/cgroup", "4:memory:/\n");
    write("proc/self/mountinfo", V1_MOUNTS);
    write("proc/meminfo", HOST_16_GB);
    write("sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");
    assertEquals(OptionalLong.empty(), limit());
  }

  @Test
  void hybridHostWithoutAV2MemoryControllerUsesV1() throws IOException {
    write("proc/self/cgroup", "4:memory:/process/42\n0::/\n");
    write(
        "proc/self/mountinfo",
        V1_MOUNTS + "41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n");
    write("proc/meminfo", HOST_16_GB);
    write("sys/fs/cgroup/unified/cgroup.controllers", "\n");
    write("sys/fs/cgroup/memory/process/42/memory.limit_in_bytes", "1073741824\n");
    assertEquals(OptionalLong.of(1073741824L), limit());
  }

  @Test
  void aLimitAboveTheHostsRamLimitsNothing() throws IOException {
    write("proc/self/cgroup", "0::/big\n");
    write("proc/self/mountinfo", V2_MOUNT);
    write("proc/meminfo", HOST_16_GB);
    write("sys/fs/cgroup/big/memory.max", "34359738368\n");
    assertEquals(OptionalLong.empty(), limit());
  }

  @Test
  void mountPointsWithEscapedSpacesAreFound() throws IOException {
    write("proc/self/cgroup", "0::/app\n");
    write("proc/self/mountinfo", "30 23 0:26 / /sys/fs/my\\040cgroup rw - cgroup2 cgroup2 rw\n");
    write("proc/meminfo", HOST_16_GB);
    write("sys/fs/my cgroup/app/memory.max", "104857600\n");
    assertEquals(OptionalLong.of(104857600L), limit());
  }

  @Test
  void nothingReadableIsNoLimit() throws IOException {
    assertEquals(OptionalLong.empty(), limit());
    write("proc/self/cgroup", "0::/app\n");
    write("proc/self/mountinfo", V2_MOUNT);
    write("sys/fs/cgroup/app/memory.max", "not a number\n");
    assertEquals(OptionalLong.empty(), limit());
  }
}
