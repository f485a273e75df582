package dev.jvmmetrics.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmmetrics.agent.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https: the client sends the host name (SNI) and checks the certificate against it. The server's
 * certificate names only {@code localhost} and is trusted, so the only thing that can make a
 * connection to {@code 127.0.0.1} fail is the hostname check.
 */
class HttpsSenderTest {
  private static final char[] PASSWORD = "changeit".toCharArray();
  private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

  @TempDir static Path dir;
  private static SSLContext context;
  private static SSLServerSocket server;
  private static final List<String> sniNames = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startTlsServer() throws Exception {
    Path keystore = dir.resolve("server.p12");
    Process keytool =
        new ProcessBuilder(
                Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                new String(PASSWORD),
                "-keypass",
                new String(PASSWORD),
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost",
                "-validity",
                "2")
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, keytool.waitFor(), output);

    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      keys.load(in, PASSWORD);
    }
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
    keyManagers.init(keys, PASSWORD);
    TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
    trust.init(keys);
    context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);

    server =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
    Thread acceptor = new Thread(HttpsSenderTest::serve, "tls-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private static void serve() {
    while (!server.isClosed()) {
      try (SSLSocket socket = (SSLSocket) server.accept()) {
        socket.startHandshake();
        for (SNIServerName name :
            ((ExtendedSSLSession) socket.getSession()).getRequestedServerNames()) {
          sniNames.add(((SNIHostName) name).getAsciiName());
        }
        InputStream in = socket.getInputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
          last4 = (last4 << 8) | in.read();
        }
        in.readNBytes(BODY.length);
        OutputStream out = socket.getOutputStream();
        out.write(
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        // A client that refused our certificate, or the test closing the server.
      }
    }
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
  }

  private static Transport.Response post(String host) throws IOException {
    Endpoint endpoint = Endpoint.parse("https://" + host + ":" + server.getLocalPort() + "/m?t=1");
    HttpSender sender = new HttpSender(endpoint, "test", context.getSocketFactory());
    try {
      return sender.post(BODY, BODY.length, "t", System.nanoTime() + 5_000_000_000L);
    } finally {
      sender.close();
    }
  }

  @Test
  void sendsTheHostNameAndAcceptsACertificateForIt() throws Exception {
    // "localhost" may resolve to ::1 first; this server listens on 127.0.0.1 only.
    org.junit.jupiter.api.Assumptions.assumeTrue(
        InetAddress.getByName("localhost").getHostAddress().equals("127.0.0.1"),
        "localhost is not 127.0.0.1 here");
    sniNames.clear();
    assertEquals(200, post("localhost").status);
    assertEquals(List.of("localhost"), sniNames);
  }

  @Test
  void refusesATrustedCertificateForAnotherName() {
    SSLException failure = assertThrows(SSLException.class, () -> post("127.0.0.1"));
    assertTrue(String.valueOf(failure.getMessage()).contains("127.0.0.1"), failure.toString());
  }
}
