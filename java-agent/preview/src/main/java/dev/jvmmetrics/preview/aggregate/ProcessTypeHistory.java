package dev.jvmmetrics.preview.aggregate;

import dev.jvmmetrics.preview.ingest.Report;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The history of one process type: a bounded run of periods, each holding what every dyno
 * contributed to it. Keeps the charts free of spikes and holes:
 *
 * <ul>
 *   <li>A counter delta covers the time since the dyno's previous report, so it is spread over that
 *       time, period by period, in proportion. A report that arrives late, or carries a missed
 *       period's counts (the agent keeps counts through an outage), raises no spike.
 *   <li>A period a dyno has no report in, between two of its reports, gets the dyno's previous
 *       gauge values, so the maximum and average do not dip because of a report's timing.
 *   <li>The first report of a dyno (or its first after a silence longer than {@link
 *       #MAX_GAP_MILLIS}: it was stopped) covers one usual reporting interval of the type; a
 *       restart within that time is a gap like any other.
 *   <li>A period is shown only once every dyno still reporting has reported past its end.
 * </ul>
 */
final class ProcessTypeHistory {
  /** The agent's longest back-off: a dyno silent for longer was restarted or stopped. */
  static final long MAX_GAP_MILLIS = 5 * 60_000L;

  private final long periodMillis;
  private final int capacity;
  private final NavigableMap<Long, Map<String, DynoPeriod>> periods = new TreeMap<>();
  private final Map<String, DynoState> dynos = new HashMap<>();
  private long typeGapMillis;

  ProcessTypeHistory(long periodMillis, int capacity) {
    this.periodMillis = periodMillis;
    this.capacity = capacity;
  }

  private static final class DynoState {
    long lastMillis;
    long gapMillis;
    double[] lastGauges;
  }

  void accept(Report report, long nowMillis) {
    long t = report.time().toEpochMilli();
    String name = report.dyno().toString();
    double[] gauges = gauges(report);
    double[] counters = counters(report);
    long oldest = oldestPeriod(nowMillis);
    DynoState state = dynos.get(name);
    boolean continuing =
        state != null && t > state.lastMillis && t - state.lastMillis <= MAX_GAP_MILLIS;

    if (period(t) >= oldest) {
      dynoPeriod(period(t), name).addGauges(gauges);
    }
    if (continuing) {
      for (long q = Math.max(period(state.lastMillis) + 1, oldest); q < period(t); q++) {
        DynoPeriod missed = dynoPeriod(q, name);
        if (!missed.hasGauges()) {
          missed.addGauges(state.lastGauges);
        }
      }
    }

    long from;
    if (continuing) {
      from = state.lastMillis;
    } else if (state != null && t <= state.lastMillis) {
      from = t; // out of order or a repeated time: no span to spread over
    } else {
      // A dyno's first report (or its first after a long silence) carries what its JVM counted
      // since it started: spread over one usual interval of the type, and with its gauges in the
      // periods that covers, so that no period has counts but no memory.
      from = t - Math.min(typeGapMillis > 0 ? typeGapMillis : periodMillis, MAX_GAP_MILLIS);
      for (long q = Math.max(period(from), oldest); q < period(t); q++) {
        DynoPeriod before = dynoPeriod(q, name);
        if (!before.hasGauges()) {
          before.addGauges(gauges);
        }
      }
    }
    spread(name, from, t, counters, oldest);

    if (state == null) {
      state = new DynoState();
      dynos.put(name, state);
    }
    if (continuing) {
      state.gapMillis = t - state.lastMillis;
      typeGapMillis = state.gapMillis;
    }
    if (state.lastGauges == null || t >= state.lastMillis) {
      state.lastMillis = t;
      state.lastGauges = gauges;
    }
    evict(nowMillis);
  }

  /** Adds the deltas that cover (from, to] to the periods that span overlaps, in proportion. */
  private void spread(String name, long from, long to, double[] counters, long oldest) {
    if (to <= from) {
      if (period(to) >= oldest) {
        dynoPeriod(period(to), name).addCounters(counters, 1.0, 0);
      }
      return;
    }
    double span = to - from;
    for (long q = period(from); q <= period(to); q++) {
      long start = Math.max(from, q * periodMillis);
      long end = Math.min(to, (q + 1) * periodMillis);
      if (end > start && q >= oldest) {
        dynoPeriod(q, name).addCounters(counters, (end - start) / span, end - start);
      }
    }
  }

  /** The periods to draw, oldest first: the window up to the last period every dyno has passed. */
  List<PeriodStats> settled(long nowMillis) {
    evict(nowMillis);
    long last = lastSettledPeriod(nowMillis);
    List<PeriodStats> result = new ArrayList<>();
    if (periods.isEmpty()) {
      return result;
    }
    long first = Math.max(periods.firstKey(), oldestPeriod(nowMillis));
    for (long q = first; q <= last; q++) {
      Map<String, DynoPeriod> byDyno = periods.get(q);
      result.add(
          new PeriodStats(
              q * periodMillis, periodMillis, byDyno == null ? List.of() : byDyno.values()));
    }
    return result;
  }

  private long lastSettledPeriod(long nowMillis) {
    long last = period(nowMillis) - 1;
    for (DynoState state : dynos.values()) {
      if (isLive(state, nowMillis)) {
        last = Math.min(last, period(state.lastMillis) - 1);
      }
    }
    return last;
  }

  /** Reporting still: heard from within three of its usual intervals and a period. */
  private boolean isLive(DynoState state, long nowMillis) {
    long usual =
        state.gapMillis > 0 ? state.gapMillis : typeGapMillis > 0 ? typeGapMillis : periodMillis;
    return nowMillis - state.lastMillis <= Math.min(3 * usual, MAX_GAP_MILLIS) + periodMillis;
  }

  /** Dyno names with whether each is still reporting, sorted by number. */
  Map<String, Boolean> dynos(long nowMillis) {
    Map<String, Boolean> result = new TreeMap<>(ProcessTypeHistory::byNumber);
    for (Map.Entry<String, DynoState> entry : dynos.entrySet()) {
      result.put(entry.getKey(), isLive(entry.getValue(), nowMillis));
    }
    return result;
  }

  int dynoCount() {
    return dynos.size();
  }

  boolean knows(String dyno) {
    return dynos.containsKey(dyno);
  }

  boolean isEmpty() {
    return dynos.isEmpty();
  }

  /** Drops periods older than the window, and dynos not heard from within it. */
  private void evict(long nowMillis) {
    long oldest = oldestPeriod(nowMillis);
    periods.headMap(oldest, false).clear();
    dynos.values().removeIf(state -> period(state.lastMillis) < oldest);
  }

  private long oldestPeriod(long nowMillis) {
    return period(nowMillis) - capacity + 1;
  }

  private long period(long millis) {
    return Math.floorDiv(millis, periodMillis);
  }

  private DynoPeriod dynoPeriod(long q, String dyno) {
    return periods
        .computeIfAbsent(q, k -> new HashMap<>())
        .computeIfAbsent(dyno, k -> new DynoPeriod());
  }

  private static double[] gauges(Report report) {
    Gauge[] all = Gauge.values();
    double[] values = new double[all.length];
    for (Gauge gauge : all) {
      Double value = report.gauges().get(gauge.wireName());
      values[gauge.ordinal()] = value == null ? Double.NaN : value;
    }
    return values;
  }

  private static double[] counters(Report report) {
    Counter[] all = Counter.values();
    double[] values = new double[all.length];
    for (Counter counter : all) {
      Double value = report.counters().get(counter.wireName());
      values[counter.ordinal()] = value == null ? Double.NaN : value;
    }
    return values;
  }

  private static int byNumber(String a, String b) {
    int dotA = a.lastIndexOf('.');
    int dotB = b.lastIndexOf('.');
    int type = a.substring(0, dotA).compareTo(b.substring(0, dotB));
    return type != 0
        ? type
        : Integer.compare(
            Integer.parseInt(a.substring(dotA + 1)), Integer.parseInt(b.substring(dotB + 1)));
  }
}
