import java.io.FileInputStream;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * What the JDK itself costs any reporter of the agent's metrics (issue 18's floor): an app that
 * makes only the JDK calls the agent cannot do without, and nothing of its own. It reads the
 * runtime, memory, buffer-pool, collector, memory-pool and thread beans, locks a file, maps its own
 * performance-data file, reads /proc/self/statm and POSTs three small bodies, each over a new
 * socket, a second apart; then it sleeps, so its class count and resident memory can be compared
 * with the idle app's (test/bench/Idle.java). Not part of make bench; run by hand, as
 * docs/performance.md says:
 *
 * <pre>
 * javac --release 8 -d DIR test/bench/JdkFloor.java
 * java -XX:+UseSerialGC -Xmx256m -Xlog:class+load:file=floor.log -cp DIR JdkFloor HOST PORT
 * </pre>
 */
public final class JdkFloor {
  private JdkFloor() {}

  public static void main(String[] args) throws Exception {
    Thread.sleep(2000);
    List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    List<BufferPoolMXBean> buffers = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
    List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    FileChannel lockFile =
        FileChannel.open(
            Paths.get(System.getProperty("java.io.tmpdir"), "jdk-floor.lock"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
    FileLock lock = lockFile.tryLock();
    String pid = Files.readSymbolicLink(Paths.get("/proc/self")).toString();
    MappedByteBuffer perf;
    try (FileChannel file =
        FileChannel.open(
            Paths.get("/tmp/hsperfdata_" + System.getProperty("user.name"), pid),
            StandardOpenOption.READ)) {
      perf = file.map(FileChannel.MapMode.READ_ONLY, 0, file.size());
    }
    byte[] buffer = new byte[4096];
    for (int i = 0; i < 3; i++) {
      long sum = arguments.size() + threads.getThreadCount() + perf.getLong(64);
      sum += memory.getHeapMemoryUsage().getUsed() + memory.getNonHeapMemoryUsage().getUsed();
      for (BufferPoolMXBean pool : buffers) {
        sum += pool.getMemoryUsed();
      }
      for (GarbageCollectorMXBean collector : collectors) {
        sum += collector.getCollectionCount() + collector.getCollectionTime();
      }
      for (MemoryPoolMXBean pool : pools) {
        sum += pool.getUsage().getUsed();
      }
      try (FileInputStream statm = new FileInputStream("/proc/self/statm")) {
        sum += statm.read(buffer);
      }
      post(args[0], Integer.parseInt(args[1]), sum, buffer);
      Thread.sleep(1000);
    }
    Thread.sleep(8000);
    lock.release();
  }

  private static void post(String host, int port, long value, byte[] buffer) throws Exception {
    try (Socket socket = new Socket(Proxy.NO_PROXY)) {
      socket.connect(new InetSocketAddress(InetAddress.getByName(host), port), 1000);
      socket.setSoTimeout(1000);
      byte[] body = ("{\"gauges\":{\"floor\":" + value + "}}").getBytes(StandardCharsets.UTF_8);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /floor HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                  + "Content-Length: " + body.length + "\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
      socket.getInputStream().read(buffer);
    }
  }
}
