package dev.jvmmetrics.agent.http;

import dev.jvmmetrics.agent.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Collections;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One connection to the endpoint: a {@link DeadlineSocket}, with TLS on top for https. TLS sends
 * the host name (SNI) and checks the server's certificate against it, as browsers do (RFC 2818 via
 * {@code setEndpointIdentificationAlgorithm("HTTPS")}); the handshake reads through the deadline
 * socket, so it is bounded like everything else.
 */
final class HttpConnection {
  private final DeadlineSocket raw;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private long idleUntilNanos;

  HttpConnection(long deadlineNanos) {
    raw = new DeadlineSocket(deadlineNanos);
    socket = raw;
  }

  /**
   * Connects, and for https shakes hands, before the deadline.
   *
   * @param tls the TLS socket factory for https, {@code null} for plain http
   * @param sendBytes the size of the request about to be written: the send buffer is made at least
   *     that large, so that writing it never waits on the server
   */
  void connect(InetAddress address, Endpoint endpoint, SSLSocketFactory tls, int sendBytes)
      throws IOException {
    if (raw.getSendBufferSize() < sendBytes) {
      raw.setSendBufferSize(sendBytes);
    }
    raw.connect(new InetSocketAddress(address, endpoint.port));
    raw.setTcpNoDelay(true);
    if (tls != null) {
      SSLSocket ssl = (SSLSocket) tls.createSocket(raw, endpoint.host, endpoint.port, true);
      SSLParameters parameters = ssl.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      if (!isIpLiteral(endpoint.host)) {
        parameters.setServerNames(
            Collections.<javax.net.ssl.SNIServerName>singletonList(new SNIHostName(endpoint.host)));
      }
      ssl.setSSLParameters(parameters);
      socket = ssl;
      ssl.startHandshake();
    }
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  static boolean isIpLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true; // Only IPv6 literals contain a colon once the port is gone.
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c != '.' && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  void deadline(long nanos) {
    raw.deadline(nanos);
  }

  void cutOff(long nanos) {
    raw.cutOff(nanos);
  }

  InputStream input() {
    return in;
  }

  void write(byte[] bytes, int length) throws IOException {
    out.write(bytes, 0, length);
    out.flush();
  }

  /** Keeps the connection for reuse until {@code nanos}. */
  void idleUntil(long nanos) {
    idleUntilNanos = nanos;
  }

  /**
   * Whether this idle connection can carry another request: its time is not up, and the server has
   * neither closed it nor sent anything unasked. Waits at most a millisecond to find out.
   */
  boolean reusable(long nowNanos) {
    return nowNanos - idleUntilNanos < 0 && raw.quietAndOpen();
  }

  void close() {
    try {
      socket.close();
    } catch (IOException | RuntimeException e) {
      // Closing what may already be broken.
    }
    try {
      raw.close(); // For TLS the layered socket closes it too; make sure when that failed.
    } catch (IOException | RuntimeException e) {
      // Closing what may already be broken.
    }
  }
}
