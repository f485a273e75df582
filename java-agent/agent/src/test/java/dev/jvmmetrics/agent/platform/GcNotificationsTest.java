package dev.jvmmetrics.agent.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GcNotificationsTest {
  @Test
  void notificationsReachTheHandlerUntilClosed() throws Exception {
    BlockingQueue<String> events = new ArrayBlockingQueue<>(100);
    GcNotifications subscription =
        GcNotifications.subscribe(
            ManagementFactory.getGarbageCollectorMXBeans(),
            (name, start, end, before, after) -> events.offer(name + " " + before.keySet()));
    assertNotNull(subscription);
    try {
      System.gc();
      String event = events.poll(30, TimeUnit.SECONDS);
      assertNotNull(event, "a notification within 30 s of System.gc()");
      assertTrue(event.contains("Eden") || event.contains("Heap"), event);
    } finally {
      subscription.close();
    }
    events.clear();
    System.gc();
    assertEquals(null, events.poll(500, TimeUnit.MILLISECONDS), "no events once closed");
  }
}
