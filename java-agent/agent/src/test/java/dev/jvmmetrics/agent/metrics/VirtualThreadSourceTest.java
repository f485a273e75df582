package dev.jvmmetrics.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class VirtualThreadSourceTest {
  /** The scheduler bean's getters, as JDK 24's interface declares them. */
  public static final class FakeScheduler {
    public int mounted = 4;
    public long queued = 120;
    public int parallelism = 4;
    public int poolSize = 5;

    public int getMountedVirtualThreadCount() {
      return mounted;
    }

    public long getQueuedVirtualThreadCount() {
      return queued;
    }

    public int getParallelism() {
      return parallelism;
    }

    public int getPoolSize() {
      if (poolSize == Integer.MIN_VALUE) {
        throw new IllegalStateException("broken bean");
      }
      return poolSize;
    }
  }

  static VirtualThreadSource source(FakeScheduler scheduler) throws Exception {
    return new VirtualThreadSource(FakeScheduler.class, scheduler);
  }

  @Test
  void readsTheSchedulersFourFiguresAtEveryReport() throws Exception {
    FakeScheduler scheduler = new FakeScheduler();
    VirtualThreadSource source = source(scheduler);
    Sample sample = new Sample();
    source.collectInto(sample);
    assertEquals(4, sample.findGauge(VirtualThreadSource.MOUNTED, -1));
    assertEquals(120, sample.findGauge(VirtualThreadSource.QUEUED, -1));
    assertEquals(4, sample.findGauge(VirtualThreadSource.PARALLELISM, -1));
    assertEquals(5, sample.findGauge(VirtualThreadSource.POOL_SIZE, -1));

    scheduler.queued = 0;
    sample.clear();
    source.collectInto(sample);
    assertEquals(0, sample.findGauge(VirtualThreadSource.QUEUED, -1));
  }

  @Test
  void aFigureTheJdkDoesNotKnowIsLeftOut() throws Exception {
    FakeScheduler scheduler = new FakeScheduler();
    scheduler.mounted = -1;
    scheduler.queued = -1;
    Sample sample = new Sample();
    source(scheduler).collectInto(sample);
    assertEquals(2, sample.gaugeCount());
    assertEquals(-2, sample.findGauge(VirtualThreadSource.MOUNTED, -2));
  }

  @Test
  void aFailingBeanFailsThisSourceOnly() throws Exception {
    FakeScheduler scheduler = new FakeScheduler();
    scheduler.poolSize = Integer.MIN_VALUE;
    assertThrows(IllegalStateException.class, () -> source(scheduler).collectInto(new Sample()));
  }

  @Test
  void beforeTheAppStartsVirtualThreadsTheBeanIsNotAskedFor() throws Exception {
    // On the build JDK no scheduler thread runs: the source sends nothing and asks for nothing
    // (a FakeScheduler is no platform bean: asking would fail).
    VirtualThreadSource source = new VirtualThreadSource(FakeScheduler.class, null);
    Sample sample = new Sample();
    source.collectInto(sample);
    assertEquals(0, sample.gaugeCount());
  }

  @Test
  void beforeTheAppStartsVirtualThreadsNoGetterIsLookedUp() throws Exception {
    // Object has none of the getters: looking them up at construction would throw.
    VirtualThreadSource source = new VirtualThreadSource(Object.class, null);
    Sample sample = new Sample();
    source.collectInto(sample);
    assertEquals(0, sample.gaugeCount());
  }

  @Test
  void aSchedulerThreadOpensTheBeanAndABeanTheJdkLacksIsQuietlyNothing() throws Exception {
    VirtualThreadSource source = new VirtualThreadSource(FakeScheduler.class, null);
    CountDownLatch done = new CountDownLatch(1);
    Thread unblocker = new Thread(() -> awaitQuietly(done), VirtualThreadSource.UNBLOCKER_NAME);
    unblocker.start();
    try {
      assertTrue(VirtualThreadSource.isSchedulerThread(unblocker));
      Sample sample = new Sample();
      source.collectInto(sample); // Asks for the bean: the platform has none of this type.
      source.collectInto(sample);
      assertEquals(0, sample.gaugeCount());
    } finally {
      done.countDown();
      unblocker.join();
    }
    assertFalse(VirtualThreadSource.isSchedulerThread(Thread.currentThread()));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void presentFromJdk24Only() {
    if (Runtime.version().feature() < 24) {
      assertNull(VirtualThreadSource.forThisJvm());
    } else {
      assertNotNull(VirtualThreadSource.forThisJvm());
    }
  }

  @Test
  void theJdksFeatureVersionIsReadFromItsSpecificationVersion() {
    assertEquals(8, Collector.featureVersion("1.8"));
    assertEquals(17, Collector.featureVersion("17"));
    assertEquals(25, Collector.featureVersion("25"));
    assertEquals(26, Collector.featureVersion("26.1"));
    assertEquals(0, Collector.featureVersion(null));
    assertEquals(0, Collector.featureVersion("x"));
    assertEquals(
        Runtime.version().feature(),
        Collector.featureVersion(System.getProperty("java.specification.version")));
  }
}
