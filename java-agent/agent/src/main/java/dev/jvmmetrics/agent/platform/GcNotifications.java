package dev.jvmmetrics.agent.platform;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationFilterSupport;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The JVM's notification after each collection ({@code
 * com.sun.management.GarbageCollectionNotificationInfo}), from every collector bean that emits
 * them, handed to one {@link Handler}. Each listener is registered with a type filter, so the JVM
 * delivers nothing else, and is kept so that {@link #close()} removes them all.
 *
 * <p>Listeners run on the JVM's notification thread, never the application's; a handler's failure
 * is swallowed there. A bean that emits nothing (or is no emitter) simply never calls the handler.
 */
public final class GcNotifications implements AutoCloseable {
  /** What a collection notification carries that the agent uses. */
  public interface Handler {
    /**
     * One collection by the bean {@code gcName}, between {@code startMillis} and {@code endMillis}
     * (JVM uptime), with every memory pool's usage before and after it.
     */
    void onCollection(
        String gcName,
        long startMillis,
        long endMillis,
        Map<String, MemoryUsage> before,
        Map<String, MemoryUsage> after);
  }

  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener;
  private final NotificationFilterSupport filter = new NotificationFilterSupport();

  private GcNotifications(Handler handler) {
    filter.enableType(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION);
    listener = new Listener(handler);
  }

  /** Hands each collection notification to the handler. */
  private static final class Listener implements NotificationListener {
    private final Handler handler;

    Listener(Handler handler) {
      this.handler = handler;
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
      deliver(handler, notification);
    }
  }

  /** Whether this JVM has the notification type at all (HotSpot and OpenJ9 do); checked once. */
  static boolean supported() {
    try {
      Class.forName(
          "com.sun.management.GarbageCollectionNotificationInfo",
          false,
          GcNotifications.class.getClassLoader());
      return true;
    } catch (Throwable t) {
      return false;
    }
  }

  /**
   * Subscribes {@code handler} to every bean of {@code beans} that emits notifications.
   *
   * @return the subscription, or null when no bean emits or this JVM lacks the notification type
   */
  public static GcNotifications subscribe(List<GarbageCollectorMXBean> beans, Handler handler) {
    if (!supported()) {
      return null;
    }
    GcNotifications subscription = new GcNotifications(handler);
    for (GarbageCollectorMXBean bean : beans) {
      if (bean instanceof NotificationEmitter) {
        NotificationEmitter emitter = (NotificationEmitter) bean;
        try {
          emitter.addNotificationListener(subscription.listener, subscription.filter, null);
          subscription.emitters.add(emitter);
        } catch (RuntimeException e) {
          // This bean will not tell us about its collections; the others still do.
        }
      }
    }
    if (subscription.emitters.isEmpty()) {
      return null;
    }
    return subscription;
  }

  private static void deliver(Handler handler, Notification notification) {
    try {
      if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
          notification.getType())) {
        return;
      }
      GarbageCollectionNotificationInfo info =
          GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
      GcInfo gc = info.getGcInfo();
      handler.onCollection(
          info.getGcName(),
          gc.getStartTime(),
          gc.getEndTime(),
          gc.getMemoryUsageBeforeGc(),
          gc.getMemoryUsageAfterGc());
    } catch (Throwable t) {
      // Never disturb the JVM's notification thread; this collection goes unaccounted.
    }
  }

  /** Removes every listener this subscription added. */
  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener, filter, null);
      } catch (ListenerNotFoundException | RuntimeException e) {
        // Already gone.
      }
    }
    emitters.clear();
  }
}
