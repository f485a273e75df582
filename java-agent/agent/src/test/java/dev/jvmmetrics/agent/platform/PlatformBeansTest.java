package dev.jvmmetrics.agent.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.PlatformManagedObject;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without the bootstrap's binding (this test JVM has none) every getter is {@code
 * ManagementFactory}'s; PlatformBeansIT covers the bound route on each JDK.
 */
class PlatformBeansTest {
  @Test
  void unboundEveryGetterAsksManagementFactory() {
    assertNull(Natives.bean(PlatformBeans.MEMORY));
    assertSame(ManagementFactory.getMemoryMXBean(), PlatformBeans.memory());
    assertSame(ManagementFactory.getRuntimeMXBean(), PlatformBeans.runtime());
    assertSame(ManagementFactory.getClassLoadingMXBean(), PlatformBeans.classLoading());
    assertSame(ManagementFactory.getThreadMXBean(), PlatformBeans.threads());
    assertEquals(
        names(ManagementFactory.getGarbageCollectorMXBeans()), names(PlatformBeans.collectors()));
    assertEquals(
        names(ManagementFactory.getMemoryPoolMXBeans()), names(PlatformBeans.memoryPools()));
    assertEquals(
        names(ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)),
        names(PlatformBeans.bufferPools()));
  }

  @Test
  void aFlagSetWithoutTheBindingFallsBackInsteadOfThrowing() {
    Natives.bound = true;
    try {
      for (int kind = PlatformBeans.MEMORY; kind <= PlatformBeans.THREADS; kind++) {
        assertNull(Natives.bean(kind), "kind " + kind);
      }
      assertSame(ManagementFactory.getMemoryMXBean(), PlatformBeans.memory());
      assertEquals(
          names(ManagementFactory.getMemoryPoolMXBeans()), names(PlatformBeans.memoryPools()));
    } finally {
      Natives.bound = false;
    }
  }

  @Test
  void unboundNothingIsMappedNatively(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("region"), new byte[4096]);
    assertNull(Natives.map(file.toString()));
    Natives.bound = true;
    try {
      assertNull(Natives.map(file.toString()));
      Natives.unmapped(ByteBuffer.allocateDirect(16)); // Unbound: nothing happens, nothing thrown.
    } finally {
      Natives.bound = false;
    }
  }

  @Test
  void onlyAListOfTheExpectedTypeIsTaken() {
    List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
    assertSame(pools, PlatformBeans.listOf(pools, MemoryPoolMXBean.class));
    assertNull(PlatformBeans.listOf(null, MemoryPoolMXBean.class));
    assertNull(PlatformBeans.listOf(ManagementFactory.getMemoryMXBean(), MemoryPoolMXBean.class));
    assertNull(PlatformBeans.listOf(Arrays.asList("a string"), MemoryPoolMXBean.class));
    assertNull(
        PlatformBeans.listOf(Arrays.<Object>asList(pools.get(0), null), MemoryPoolMXBean.class));
    assertEquals(
        Collections.emptyList(), PlatformBeans.listOf(Collections.emptyList(), String.class));
  }

  /** The beans' object names, sorted: ManagementFactory's lists come out of a map. */
  private static List<String> names(List<? extends PlatformManagedObject> beans) {
    List<String> names = new ArrayList<>();
    for (PlatformManagedObject bean : beans) {
      names.add(bean.getObjectName().toString());
    }
    Collections.sort(names);
    return names;
  }
}
