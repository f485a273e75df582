package dev.jvmmetrics.preview;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * The preview's HTTP server: on 127.0.0.1 only, with its {@code Host} checked ({@link
 * LoopbackHosts}), and bounded so that careless or hostile clients cannot stall it.
 *
 * <ul>
 *   <li>The JDK server reads a request's head and body on the executor's threads, blocking. A
 *       client that sends a byte and then stalls holds a thread: with too few threads, a handful of
 *       them would keep every report and the page waiting for ever. So there are {@link #THREADS},
 *       several times the dynos' and browser tabs' usual concurrency.
 *   <li>And none is held for long: a request must arrive whole within {@link #REQUEST_SECONDS}
 *       ({@code sun.net.httpserver.maxReqTime}), and its answer be taken within {@link
 *       #RESPONSE_SECONDS} ({@code sun.net.httpserver.maxRspTime}); the JDK closes the connection
 *       otherwise. The JDK's default for both is for ever. A report is a few hundred bytes written
 *       at once, and the agent itself gives up after at most 10 s.
 * </ul>
 */
final class PreviewServer {
  static final int THREADS = 16;
  static final int REQUEST_SECONDS = 10;
  static final int RESPONSE_SECONDS = 10;

  private PreviewServer() {}

  /**
   * A server on 127.0.0.1:{@code port}, not yet started. The JDK reads its limits once, when it
   * creates its first server, so they are set here first; a value given on the command line ({@code
   * -Dsun.net.httpserver.maxReqTime=…}) is left as it is.
   */
  static HttpServer create(int port) throws IOException {
    limit("sun.net.httpserver.maxReqTime", REQUEST_SECONDS);
    limit("sun.net.httpserver.maxRspTime", RESPONSE_SECONDS);
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 50);
    server.setExecutor(Executors.newFixedThreadPool(THREADS, daemon("preview-http")));
    return server;
  }

  /** Serves {@code path} with {@code handler}, for loopback names only. */
  static void route(HttpServer server, String path, HttpHandler handler) {
    server.createContext(path, handler).getFilters().add(new LoopbackHosts());
  }

  private static void limit(String property, int seconds) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, String.valueOf(seconds));
    }
  }

  static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
