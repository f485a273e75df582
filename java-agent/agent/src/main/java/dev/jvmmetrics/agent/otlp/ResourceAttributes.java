package dev.jvmmetrics.agent.otlp;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The resource every export describes, from the environment, lowest precedence first:
 *
 * <ol>
 *   <li>defaults: {@code service.name=unknown_service:java} (the SDK specification's default for a
 *       Java process) and, when nothing below names the instance, a random {@code
 *       service.instance.id}, unique per JVM;
 *   <li>on Heroku (where {@code DYNO} or the dyno metadata is set), the semantic conventions'
 *       Heroku mapping: {@code cloud.provider=heroku}, {@code service.name} from {@code
 *       HEROKU_APP_NAME}, {@code service.instance.id} from {@code HEROKU_DYNO_ID}, {@code
 *       service.version} from {@code HEROKU_RELEASE_VERSION}, {@code heroku.app.id}, {@code
 *       heroku.release.commit} ({@code HEROKU_SLUG_COMMIT}), {@code
 *       heroku.release.creation_timestamp} ({@code HEROKU_RELEASE_CREATED_AT});
 *   <li>{@code OTEL_RESOURCE_ATTRIBUTES}: {@code key=value,…}, values percent-decoded;
 *   <li>{@code OTEL_SERVICE_NAME}, which the specification puts above everything else.
 * </ol>
 *
 * A malformed {@code OTEL_RESOURCE_ATTRIBUTES} is discarded whole, as the specification asks, and
 * {@link #problem(Map)} says why in one line.
 */
final class ResourceAttributes {
  static final String SERVICE_NAME = "service.name";
  static final String SERVICE_INSTANCE_ID = "service.instance.id";
  static final String SERVICE_VERSION = "service.version";

  private static final String KERNEL_UUID = "/proc/sys/kernel/random/uuid";

  private ResourceAttributes() {}

  static Map<String, String> of(Map<String, String> env) {
    Map<String, String> resource = new LinkedHashMap<>();
    resource.put(SERVICE_NAME, "unknown_service:java");
    if (onHeroku(env)) {
      resource.put("cloud.provider", "heroku");
      putIfSet(resource, SERVICE_NAME, env.get("HEROKU_APP_NAME"));
      putIfSet(resource, SERVICE_INSTANCE_ID, env.get("HEROKU_DYNO_ID"));
      putIfSet(resource, SERVICE_VERSION, env.get("HEROKU_RELEASE_VERSION"));
      putIfSet(resource, "heroku.app.id", env.get("HEROKU_APP_ID"));
      putIfSet(resource, "heroku.release.commit", env.get("HEROKU_SLUG_COMMIT"));
      putIfSet(resource, "heroku.release.creation_timestamp", env.get("HEROKU_RELEASE_CREATED_AT"));
    }
    Map<String, String> fromOtel = new LinkedHashMap<>();
    if (parse(env.get("OTEL_RESOURCE_ATTRIBUTES"), fromOtel) == null) {
      resource.putAll(fromOtel);
    }
    putIfSet(resource, SERVICE_NAME, trimmed(env.get("OTEL_SERVICE_NAME")));
    if (!resource.containsKey(SERVICE_INSTANCE_ID)) {
      resource.put(SERVICE_INSTANCE_ID, randomInstanceId());
    }
    return resource;
  }

  /**
   * A random version 4 UUID for a JVM nothing else names. Read from the kernel, which makes a new
   * one at each read of that file, rather than {@code UUID.randomUUID()}: that seeds a {@code
   * SecureRandom}, whose providers would load into every JVM that exports off Heroku. Where there
   * is no such file, a v4-shaped id from {@code java.util.Random} (seeded from the clock and a
   * per-JVM counter) is unique enough for an instance id. Read with {@code FileInputStream}, which
   * the JVM has loaded at start, rather than {@code Files.readAllBytes} and its NIO channel
   * classes.
   */
  static String randomInstanceId() {
    byte[] text = new byte[64];
    int length = 0;
    try (FileInputStream in = new FileInputStream(KERNEL_UUID)) {
      int read;
      while (length < text.length && (read = in.read(text, length, text.length - length)) > 0) {
        length += read;
      }
      String uuid = new String(text, 0, length, StandardCharsets.US_ASCII).trim();
      if (uuid.length() == 36) {
        return uuid;
      }
    } catch (IOException | RuntimeException e) {
      // No /proc (not Linux) or not readable: the fallback below.
    }
    Random random = new Random();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(high, low).toString();
  }

  /** One line saying what is wrong with {@code OTEL_RESOURCE_ATTRIBUTES}, or null when nothing. */
  static String problem(Map<String, String> env) {
    return parse(env.get("OTEL_RESOURCE_ATTRIBUTES"), new LinkedHashMap<String, String>());
  }

  private static boolean onHeroku(Map<String, String> env) {
    return env.get("DYNO") != null
        || env.get("HEROKU_DYNO_ID") != null
        || env.get("HEROKU_APP_ID") != null;
  }

  private static void putIfSet(Map<String, String> resource, String key, String value) {
    if (value != null && !value.isEmpty()) {
      resource.put(key, value);
    }
  }

  private static String trimmed(String value) {
    return value == null ? null : value.trim();
  }

  /**
   * Reads {@code key=value,…} into {@code into}.
   *
   * @return null when well-formed (or unset), else the one-line problem
   */
  private static String parse(String value, Map<String, String> into) {
    if (value == null || value.trim().isEmpty()) {
      return null;
    }
    for (String item : value.split(",", -1)) {
      if (item.trim().isEmpty()) {
        continue;
      }
      int equals = item.indexOf('=');
      String key = equals < 0 ? "" : item.substring(0, equals).trim();
      if (key.isEmpty()) {
        return "OTEL_RESOURCE_ATTRIBUTES ignored: each entry must be key=value, separated by "
            + "commas; percent-encode commas and equals signs inside values (%2C, %3D)";
      }
      String decoded = percentDecode(item.substring(equals + 1).trim());
      if (decoded == null) {
        return "OTEL_RESOURCE_ATTRIBUTES ignored: the value of "
            + key
            + " has a % not followed by two hex digits; write a literal % as %25";
      }
      into.put(key, decoded);
    }
    return null;
  }

  /** Decodes %XX sequences as UTF-8 bytes; null when a % is not followed by two hex digits. */
  static String percentDecode(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < utf8.length; i++) {
      if (utf8[i] != '%') {
        bytes.write(utf8[i]);
        continue;
      }
      int high = i + 2 < utf8.length ? Character.digit(utf8[i + 1], 16) : -1;
      int low = high < 0 ? -1 : Character.digit(utf8[i + 2], 16);
      if (low < 0) {
        return null;
      }
      bytes.write(high * 16 + low);
      i += 2;
    }
    return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
  }
}
