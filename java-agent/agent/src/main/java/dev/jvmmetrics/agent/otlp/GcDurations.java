package dev.jvmmetrics.agent.otlp;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.util.ArrayList;
import java.util.List;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * {@code jvm.gc.duration}: every GC notification's duration, counted into the buckets the semantic
 * conventions advise (0.01, 0.1, 1 and 10 s), per collector bean ({@code jvm.gc.name}) and action
 * ({@code jvm.gc.action}, e.g. {@code end of minor GC}). Counts start when the listener is added:
 * collections before it are in {@code jvmmetrics.gc.collection.count}, which reads the beans.
 *
 * <p>The listener runs on the JVM's notification thread; the reporter copies each series' totals
 * under the same lock, once per export, into arrays of its own. Nothing escapes to the notification
 * thread.
 */
final class GcDurations implements NotificationListener, AutoCloseable {
  static final double[] BOUNDS = {0.01, 0.1, 1, 10};

  /** The running totals of one bean and action: count, sum in milliseconds, buckets. */
  static final class Series {
    final String gcName;
    final String action;
    final long[] totals = new long[2 + BOUNDS.length + 1];

    Series(String gcName, String action) {
      this.gcName = gcName;
      this.action = action;
    }

    long count() {
      return totals[0];
    }

    long sumMillis() {
      return totals[1];
    }

    long bucket(int i) {
      return totals[2 + i];
    }
  }

  private final List<Series> series = new ArrayList<>();
  private final List<NotificationEmitter> emitters = new ArrayList<>();

  /**
   * Adds the listener to every bean that emits. With no emitting bean, or on a JVM without {@code
   * com.sun.management}'s notification type, nothing is counted and {@code jvm.gc.duration} is
   * simply not sent.
   */
  static GcDurations subscribe(List<GarbageCollectorMXBean> beans) {
    GcDurations durations = new GcDurations();
    for (GarbageCollectorMXBean bean : beans) {
      if (bean instanceof NotificationEmitter) {
        try {
          // No NotificationFilterSupport (and the Vector it keeps): the type is checked on arrival.
          ((NotificationEmitter) bean).addNotificationListener(durations, null, null);
          durations.emitters.add((NotificationEmitter) bean);
        } catch (RuntimeException e) {
          // This bean's collections go uncounted; the others still are.
        }
      }
    }
    return durations;
  }

  @Override
  public void handleNotification(Notification notification, Object handback) {
    try {
      // A compile-time constant: this names no class of com.sun.management until a notification
      // of that type comes, and on a JVM without it that is caught below.
      if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
          notification.getType())) {
        return;
      }
      GarbageCollectionNotificationInfo info =
          GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
      record(info.getGcName(), info.getGcAction(), info.getGcInfo().getDuration());
    } catch (Throwable t) {
      // Never disturb the notification thread; this collection goes uncounted.
    }
  }

  /** Counts one collection of {@code millis}. */
  synchronized void record(String gcName, String action, long millis) {
    Series target = null;
    for (Series s : series) {
      if (s.gcName.equals(gcName) && s.action.equals(action)) {
        target = s;
      }
    }
    if (target == null) {
      target = new Series(gcName, action);
      series.add(target);
    }
    int bucket = 0;
    while (bucket < BOUNDS.length && millis / 1000.0 > BOUNDS[bucket]) {
      bucket++;
    }
    target.totals[0]++;
    target.totals[1] += Math.max(0, millis);
    target.totals[2 + bucket]++;
  }

  /** How many series there are so far: they are only ever added, each keeps its index. */
  synchronized int count() {
    return series.size();
  }

  /** The series numbered {@code i}; read its totals with {@link #copyTotals}. */
  synchronized Series series(int i) {
    return series.get(i);
  }

  /** Copies series {@code i}'s running totals into {@code into}, all of one moment. */
  synchronized void copyTotals(int i, long[] into) {
    long[] totals = series.get(i).totals;
    System.arraycopy(totals, 0, into, 0, totals.length);
  }

  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(this);
      } catch (Exception e) {
        // Already gone. (Not naming ListenerNotFoundException spares loading it and its two
        // superclasses when this class is verified.)
      }
    }
    emitters.clear();
  }
}
