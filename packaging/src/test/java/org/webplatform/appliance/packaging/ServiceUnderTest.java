package org.webplatform.appliance.packaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code /usr/bin/appliance run} started the way appliance.service starts it: as user appliance
 * (setpriv execs, so the JVM keeps the PID we started), with NOTIFY_SOCKET and JOURNAL_STREAM set,
 * on the shipped /etc/appliance/appliance.yaml with only its ports moved to free loopback ones,
 * its zones directory holding the packaged example zone and a graphs step of 10 s.
 */
final class ServiceUnderTest implements AutoCloseable {
  private static final Duration TOOL = Duration.ofSeconds(30);
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final Path dir;
  private final Process process;
  private final long startNanos;
  private final Map<String, Integer> ports;

  private ServiceUnderTest(Path dir, Process process, long startNanos, Map<String, Integer> ports) {
    this.dir = dir;
    this.process = process;
    this.startNanos = startNanos;
    this.ports = ports;
  }

  static ServiceUnderTest start(String notifySocket) throws Exception {
    Path dir = Files.createTempDirectory("appliance-service-test-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path zones = Files.createDirectory(dir.resolve("zones"));
    Path example = Path.of("/usr/share/doc/appliance/examples/zones/example.org");
    Files.copy(example, zones.resolve("example.org"));
    Map<String, Integer> ports =
        Map.of("dns", freePort(), "rsync", freePort(), "smtp", freePort(), "admin", freePort());
    String config = Files.readString(Path.of("/etc/appliance/appliance.yaml"));
    config = replace(config, "listen: [\"0.0.0.0:53\"]", listen(ports.get("dns")));
    config = replace(config, "listen: [\"0.0.0.0:873\"]", listen(ports.get("rsync")));
    config = replace(config, "listen: [\"0.0.0.0:25\"]", listen(ports.get("smtp")));
    config = replace(config, "#listen: \"127.0.0.1:8025\"",
        "listen: \"127.0.0.1:" + ports.get("admin") + "\"");
    config = replace(config, "zones: /etc/appliance/zones", "zones: " + zones);
    // The first rrd sample (and so the first graph) comes at a step boundary: 10 s, not 60 s.
    config = replace(config, "#step: 60s", "step: 10s");
    Path configFile = Files.writeString(dir.resolve("appliance.yaml"), config);

    ProcessBuilder builder =
        new ProcessBuilder(
                "setpriv", "--reuid=appliance", "--regid=appliance", "--init-groups", "--",
                "/usr/bin/appliance", "run")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("output.log").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().put("APPLIANCE_CONFIG", configFile.toString());
    builder.environment().put("NOTIFY_SOCKET", notifySocket);
    // What systemd sets when stdout/stderr go to the journal (device:inode of the stream).
    builder.environment().put("JOURNAL_STREAM", "8:424242");
    long startNanos = System.nanoTime();
    return new ServiceUnderTest(dir, builder.start(), startNanos, ports);
  }

  long startNanos() {
    return startNanos;
  }

  long pid() {
    return process.pid();
  }

  int dnsPort() {
    return ports.get("dns");
  }

  int rsyncPort() {
    return ports.get("rsync");
  }

  int smtpPort() {
    return ports.get("smtp");
  }

  int adminPort() {
    return ports.get("admin");
  }

  /** The real UID of the running daemon, from /proc. */
  String uid() throws IOException {
    return Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status")).stream()
        .filter(l -> l.startsWith("Uid:"))
        .map(l -> l.split("\\s+")[1])
        .findFirst()
        .orElseThrow();
  }

  String applianceUid() throws Exception {
    return Commands.run(TOOL, "id", "-u", "appliance").assertSuccess().output().trim();
  }

  void signal(String name) throws Exception {
    Commands.run(TOOL, "kill", "-" + name, Long.toString(pid())).assertSuccess();
  }

  int awaitExit(Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("no exit within " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  String output() throws IOException {
    return Files.readString(dir.resolve("output.log"), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static String replace(String config, String shipped, String test) {
    assertTrue(config.contains(shipped), "shipped config has " + shipped);
    return config.replace(shipped, test);
  }

  private static String listen(int port) {
    return "listen: [\"127.0.0.1:" + port + "\"]";
  }

  /** A loopback port free for TCP and UDP right now (DNS needs both). */
  private static int freePort() throws IOException {
    for (int attempt = 0; attempt < 20; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, LOOPBACK)) {
        int port = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
          return udp.getLocalPort();
        } catch (IOException inUseForUdp) {
          // try another
        }
      }
    }
    throw new IOException("no loopback port free for both TCP and UDP");
  }
}
