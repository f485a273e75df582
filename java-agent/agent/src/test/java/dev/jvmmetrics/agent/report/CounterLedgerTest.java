package dev.jvmmetrics.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvmmetrics.agent.metrics.Sample;
import org.junit.jupiter.api.Test;

class CounterLedgerTest {
  private final CounterLedger ledger = new CounterLedger();

  private static Sample counter(String name, long total) {
    Sample sample = new Sample();
    sample.counter(name, total);
    return sample;
  }

  @Test
  void firstReportCarriesTotalsSinceStart() {
    assertEquals(42, ledger.delta("gc", 42));
  }

  @Test
  void aTakeoverBaselineCountsFromTheTotalsThenNotFromStart() {
    ledger.baseline(counter("gc", 900)); // An hour of standing by.
    assertEquals(3, ledger.delta("gc", 903));
    assertEquals(4, ledger.delta("new_counter", 4), "first seen after the takeover: from zero");
  }

  @Test
  void deltasCountFromTheLastDeliveredTotal() {
    ledger.commit(counter("gc", 10));
    assertEquals(5, ledger.delta("gc", 15));
  }

  @Test
  void undeliveredReportsAddUpInTheNextDelivery() {
    ledger.commit(counter("gc", 10));
    // Three failed reports: nothing committed, so each delta still counts from 10.
    assertEquals(2, ledger.delta("gc", 12));
    assertEquals(7, ledger.delta("gc", 17));
    assertEquals(30, ledger.delta("gc", 40));
    ledger.commit(counter("gc", 40));
    assertEquals(0, ledger.delta("gc", 40));
  }

  @Test
  void aCounterThatGoesBackwardsReportsZeroAndRestartsFromThere() {
    ledger.commit(counter("threads_allocated", 100));
    assertEquals(0, ledger.delta("threads_allocated", 60));
    ledger.commit(counter("threads_allocated", 60));
    assertEquals(5, ledger.delta("threads_allocated", 65));
  }

  @Test
  void countersMissingFromASampleKeepTheirBase() {
    ledger.commit(counter("a", 10));
    ledger.commit(counter("b", 1));
    assertEquals(3, ledger.delta("a", 13));
  }
}
