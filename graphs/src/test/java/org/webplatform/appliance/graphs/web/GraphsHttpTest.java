package org.webplatform.appliance.graphs.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.config.GraphsConfig;
import org.webplatform.appliance.graphs.GraphsRole;
import org.webplatform.appliance.graphs.TrafficFixture;
import org.webplatform.appliance.graphs.render.GraphCatalog;
import org.webplatform.appliance.graphs.render.PngCheck;
import org.webplatform.appliance.graphs.render.Period;
import org.webplatform.appliance.role.Health;
import org.webplatform.appliance.role.RoleContext;

/** The page and its images served by the JDK HttpServer, as the admin listener mounts them. */
class GraphsHttpTest {
  @TempDir Path dir;
  TrafficFixture traffic;
  GraphsRole role;
  HttpServer server;
  TestClock clock;
  final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    traffic = new TrafficFixture();
    clock = new TestClock(1_700_000_040_000L);
    role =
        new GraphsRole(
            GraphsConfig.of(dir.resolve("rrd")), new RoleContext(traffic.registry, clock));
    server = serve(role, "mail1.example.org", "staging");
    assertEquals(503, get("/graphs/").statusCode(), "not started yet");
    role.start();
    // An hour of relayed mail, sampled as the sampler thread would.
    for (int minute = 0; minute < 60; minute++) {
      traffic.count(minute);
      clock.millis += 60_000;
      role.sampleNow();
    }
  }

  static HttpServer serve(GraphsRole role, String host, String level) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/graphs/", role.httpHandler(host, level));
    server.start();
    return server;
  }

  @AfterEach
  void stop() {
    server.stop(0);
    role.stop(Duration.ofSeconds(5));
  }

  @Test
  void pageShowsHostLevelAndEveryGraphOfEveryPeriodAsRelativeImages() throws Exception {
    HttpResponse<String> page = get("/graphs/");
    assertEquals(200, page.statusCode());
    assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").get());
    String html = page.body();
    assertTrue(html.contains("mail1.example.org"), html);
    assertTrue(html.contains(">staging<"), html);
    assertTrue(html.contains("name=\"viewport\""), "phone width");
    List<String> images = images(html);
    // Every role's counters are in this registry, so every graph is shown.
    assertEquals(GraphCatalog.ALL.size() * Period.values().length, images.size(), html);
    for (String src : images) {
      assertTrue(!src.startsWith("/") && !src.contains("://"), "relative: " + src);
      HttpResponse<byte[]> png = getBytes("/graphs/" + src);
      assertEquals(200, png.statusCode(), src);
      assertEquals("image/png", png.headers().firstValue("Content-Type").get());
      PngCheck.assertGraph(png.body(), 90, src);
    }
    assertTrue(role.health().status() == Health.Status.HEALTHY, role.health().toString());
  }

  @Test
  void unknownPathsAndMethodsAreRefused() throws Exception {
    assertEquals(404, get("/graphs/nope-day.png").statusCode());
    assertEquals(404, get("/graphs/mail-hour.png").statusCode());
    assertEquals(404, get("/graphs/../etc/passwd").statusCode());
    HttpResponse<String> post =
        client.send(
            HttpRequest.newBuilder(uri("/graphs/"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode());
  }

  @Test
  void onlyTheGraphsOfRolesThatRunHereAreShown() throws Exception {
    TrafficFixture.MailOnly mailOnly = new TrafficFixture.MailOnly();
    GraphsRole mail =
        new GraphsRole(
            GraphsConfig.of(dir.resolve("mail-only")), new RoleContext(mailOnly.registry, clock));
    mail.start();
    HttpServer other = serve(mail, "h", "production");
    try {
      mailOnly.sent.inc(5);
      clock.millis += 60_000;
      mail.sampleNow();
      String html =
          client.send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:" + other.getAddress().getPort() + "/graphs/"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertEquals(
          List.of("mail-day.png", "errors-day.png", "queue-day.png"),
          images(html).subList(0, 3));
      assertEquals(3 * Period.values().length, images(html).size(), "no dkim, dns, rsync");
    } finally {
      other.stop(0);
      mail.stop(Duration.ofSeconds(5));
    }
  }

  static List<String> images(String html) {
    Matcher m = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<byte[]> getBytes(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A clock the test moves. */
  static final class TestClock extends java.time.Clock {
    volatile long millis;

    TestClock(long millis) {
      this.millis = millis;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public java.time.Instant instant() {
      return java.time.Instant.ofEpochMilli(millis);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
