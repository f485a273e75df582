package dev.jvmmetrics.testing;

import java.lang.management.GarbageCollectorMXBean;
import javax.management.ObjectName;

/** A collector bean whose figures a test sets. */
public final class FakeCollectorBean implements GarbageCollectorMXBean {
  private final String name;
  long count;
  long timeMillis;

  public FakeCollectorBean(String name, long count, long timeMillis) {
    this.name = name;
    this.count = count;
    this.timeMillis = timeMillis;
  }

  @Override
  public long getCollectionCount() {
    return count;
  }

  @Override
  public long getCollectionTime() {
    return timeMillis;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public boolean isValid() {
    return true;
  }

  @Override
  public String[] getMemoryPoolNames() {
    return new String[0];
  }

  @Override
  public ObjectName getObjectName() {
    return null;
  }
}
