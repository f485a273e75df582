package dev.jvmmetrics.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ContainerMemorySourceTest {
  @Test
  void theSourceReportsTheLimitAsAGauge() {
    Sample sample = new Sample();
    new ContainerMemorySource(536870912L).collectInto(sample);
    assertEquals(536870912L, sample.findGauge(ContainerMemorySource.LIMIT, -1));
  }
}
