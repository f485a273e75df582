package dev.jvmmetrics.agent;

/**
 * The agent's entry point, named in the jar's manifest as {@code Premain-Class} and {@code
 * Agent-Class}.
 *
 * <p>{@code premain} is called two ways. With {@code -javaagent:} the JVM calls it on the
 * application's main thread before {@code main}; with the native bootstrap ({@code -agentpath:},
 * {@code bootstrap.c}) the bootstrap's own JVMTI agent thread calls it 100 ms after the JVM's
 * {@code VMInit}, while {@code main} may already run. Either way it does the least it can, because
 * on the first route the application waits for it and on the second it shares the start-up with the
 * application: it reads the endpoints' environment variables and, when one is set, starts the
 * reporter's single daemon thread. Parsing the configuration, looking up MXBeans, loading Jackson
 * and opening connections all happen on that thread, never on the caller's. Nothing here can throw
 * into the application.
 */
public final class AgentMain implements Runnable {
  /** The name of the one thread the agent runs; also how tests and users recognise it. */
  static final String THREAD_NAME = "jvm-metrics-agent";

  /** The shortest reporting interval; {@code Intervals.MIN_MILLIS}, named here to load nothing. */
  static final long MIN_INTERVAL_MILLIS = 100;

  /**
   * This jar's version, which the {@code User-Agent} header and OpenTelemetry's scope carry. A
   * constant (javac inlines it) rather than the package's {@code Implementation-Version}, which
   * costs a {@code Package} look-up. ReportsIT checks that it matches the manifest.
   */
  public static final String VERSION = "1.0.0";

  private static boolean started;

  /**
   * Set by the native bootstrap once it has bound {@link #defineClasses}: only then may the agent
   * ask it to define its classes ({@link PreloadedClasses}).
   */
  static volatile boolean nativeDefiner;

  private AgentMain() {}

  /**
   * Defines each class of {@code names} (internal names, one space between) in {@code loader}
   * straight from the agent jar's stored bytes, skipping any it cannot (already loaded, missing,
   * not stored); returns how many it defined. Bound by the native bootstrap with {@code
   * RegisterNatives} ({@code bootstrap.c}); unbound on the {@code -javaagent:} route, where {@link
   * #nativeDefiner} stays false and nothing calls it.
   */
  static native int defineClasses(ClassLoader loader, String names);

  /**
   * Called by the JVM for {@code -javaagent:}, and by the native bootstrap for {@code -agentpath:}
   * (either may come from {@code JAVA_TOOL_OPTIONS}).
   */
  public static void premain(String agentArgs) {
    start();
  }

  /** Called by the JVM when the agent is attached to a running JVM. */
  public static void agentmain(String agentArgs) {
    start();
  }

  private static synchronized void start() {
    try {
      // Loaded twice (the option given twice, or attached again): one reporter is enough.
      if (started) {
        return;
      }
      // Constants only (inlined by javac): no class of the agent's is loaded to decide.
      if (isEmpty(System.getenv(Settings.URL_VARIABLE))
          && isEmpty(System.getenv(OtlpSettings.METRICS_ENDPOINT_VARIABLE))
          && isEmpty(System.getenv(OtlpSettings.ENDPOINT_VARIABLE))) {
        return; // Not enabled for this dyno: do nothing, print nothing.
      }
      Thread thread = new Thread(new AgentMain(), THREAD_NAME);
      thread.setDaemon(true);
      thread.start();
      started = true;
    } catch (Throwable ignored) {
      // A failure to start (a SecurityManager, no threads left) must not stop the application.
    }
  }

  private static boolean isEmpty(String value) {
    return value == null || value.isEmpty();
  }

  @Override
  public void run() {
    try {
      long startNanos = System.nanoTime();
      // No interval is shorter than this, so the first report is never due sooner. Waiting here,
      // before loading any other class of the agent, keeps the thread out of the way of a short
      // program's start-up and exit altogether (docs/performance.md has what it saves).
      Thread.sleep(MIN_INTERVAL_MILLIS);
      ReportingLoop.run(System.getenv(), startNanos);
    } catch (Throwable ignored) {
      // The reporter contains its own failures; this is the last line of defence.
    }
  }
}
