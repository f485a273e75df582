package dev.jvmmetrics.testing;

import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import javax.management.ObjectName;

/** A memory pool whose usage a test sets. */
public final class FakeMemoryPool implements MemoryPoolMXBean {
  private final String name;
  private final MemoryType type;
  public long used;
  public long usedAfterLastCollection;

  public FakeMemoryPool(String name, MemoryType type) {
    this.name = name;
    this.type = type;
  }

  public static FakeMemoryPool heap(String name) {
    return new FakeMemoryPool(name, MemoryType.HEAP);
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public MemoryType getType() {
    return type;
  }

  @Override
  public MemoryUsage getUsage() {
    return new MemoryUsage(0, used, Math.max(used, 1 << 20), -1);
  }

  @Override
  public MemoryUsage getCollectionUsage() {
    return new MemoryUsage(0, usedAfterLastCollection, 1 << 20, -1);
  }

  @Override
  public MemoryUsage getPeakUsage() {
    return getUsage();
  }

  @Override
  public void resetPeakUsage() {}

  @Override
  public boolean isValid() {
    return true;
  }

  @Override
  public String[] getMemoryManagerNames() {
    return new String[0];
  }

  @Override
  public long getUsageThreshold() {
    return 0;
  }

  @Override
  public void setUsageThreshold(long threshold) {}

  @Override
  public boolean isUsageThresholdExceeded() {
    return false;
  }

  @Override
  public long getUsageThresholdCount() {
    return 0;
  }

  @Override
  public boolean isUsageThresholdSupported() {
    return false;
  }

  @Override
  public long getCollectionUsageThreshold() {
    return 0;
  }

  @Override
  public void setCollectionUsageThreshold(long threshold) {}

  @Override
  public boolean isCollectionUsageThresholdExceeded() {
    return false;
  }

  @Override
  public long getCollectionUsageThresholdCount() {
    return 0;
  }

  @Override
  public boolean isCollectionUsageThresholdSupported() {
    return false;
  }

  @Override
  public ObjectName getObjectName() {
    return null;
  }
}
