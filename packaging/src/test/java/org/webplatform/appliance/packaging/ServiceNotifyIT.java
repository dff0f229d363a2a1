package org.webplatform.appliance.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.webplatform.appliance.testing.NotifyReceiver;

/**
 * The installed launcher as systemd starts it: as user appliance, with NOTIFY_SOCKET and
 * JOURNAL_STREAM set, every role enabled (on free loopback ports instead of 53/873/25). READY=1
 * must come only once DNS, rsync and SMTP take connections; graphs draw; SIGHUP gives RELOADING=1
 * then READY=1; SIGTERM gives STOPPING=1 and exit 0.
 */
class ServiceNotifyIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(15);

  private ServiceUnderTest service;

  @BeforeAll
  static void install() throws Exception {
    DebianPackage.requireInstallable();
    DebianPackage.install();
  }

  @AfterAll
  static void purge() throws Exception {
    DebianPackage.purge();
  }

  @AfterEach
  void stop() throws Exception {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void readyOnlyWhenEveryRoleListensReloadingOnHupStoppingOnTerm() throws Exception {
    try (NotifyReceiver systemd = NotifyReceiver.bindAbstract()) {
      service = ServiceUnderTest.start(systemd.address());

      NotifyReceiver.Message ready = systemd.next(START);
      // At the moment READY=1 arrives, every role answers on its port.
      assertEquals("1", ready.get("READY"), ready.text());
      assertTrue(greeting(service.dnsPort()).isEmpty(), "DNS over TCP accepts a connection");
      assertTrue(greeting(service.rsyncPort()).startsWith("@RSYNCD: "), "rsync greets");
      assertTrue(greeting(service.smtpPort()).startsWith("220 "), "SMTP greets");
      long readyMillis =
          TimeUnit.NANOSECONDS.toMillis(ready.receivedNanos() - service.startNanos());
      System.out.println("start-to-ready ms=" + readyMillis);

      // The JVM itself is the unit's main process: the launcher execs, it does not fork.
      assertEquals(Long.toString(service.pid()), ready.get("MAINPID"));
      assertEquals(service.applianceUid(), service.uid(), "runs as user appliance");
      assertTrue(
          ready.get("STATUS").startsWith("serving dns, rsync-server, smtp-relay, graphs; admin "),
          ready.text());

      service.signal("HUP");
      NotifyReceiver.Message reloading = systemd.next(WAIT);
      assertEquals("1", reloading.get("RELOADING"), reloading.text());
      assertTrue(Long.parseLong(reloading.get("MONOTONIC_USEC")) > 0, reloading.text());
      assertEquals("1", systemd.next(WAIT).get("READY"));

      // Graphs draw as the service user with what the package depends on (a system font),
      // once the first sample made the rrd files.
      byte[] png = awaitGraph(service.adminPort(), "mail-day.png", START);
      assertEquals("\u0089PNG", new String(png, 0, 4, StandardCharsets.ISO_8859_1));

      service.signal("TERM");
      assertEquals("1", systemd.next(WAIT).get("STOPPING"));
      assertEquals(0, service.awaitExit(WAIT));

      // Journal format: a syslog priority prefix on every line, no timestamp of our own.
      List<String> lines = service.output().lines().toList();
      assertTrue(lines.size() > 5, service.output());
      for (String line : lines) {
        assertTrue(line.matches("<[0-7]>[a-z][\\w.-]*: .*"), "not a journal line: " + line);
      }
    }
  }

  /** GETs /graphs/NAME until it is there (404 until the first sample); fails on anything else. */
  private static byte[] awaitGraph(int adminPort, String name, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/graphs/" + name))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 200) {
        return response.body();
      }
      String body = new String(response.body(), StandardCharsets.UTF_8);
      assertEquals(404, response.statusCode(), body);
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(name + " not drawn within " + timeout + ": " + body);
      }
      Thread.sleep(250);
    }
  }

  /** Connects to a loopback port and returns the first line the server sends, or "" for none. */
  private static String greeting(int port) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      socket.setSoTimeout(500);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      try {
        String line = in.readLine();
        return line == null ? "" : line;
      } catch (java.net.SocketTimeoutException e) {
        return ""; // DNS waits for the client to speak first
      }
    }
  }
}
