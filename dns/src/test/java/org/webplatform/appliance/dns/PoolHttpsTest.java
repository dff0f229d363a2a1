package org.webplatform.appliance.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.config.ConfigLoader;
import org.webplatform.appliance.config.DnsPools;
import org.webplatform.appliance.dns.pool.PoolStatus;
import org.webplatform.appliance.dns.server.Await;

/**
 * The https monitor against a real TLS server with a self-signed certificate (made by the JDK's
 * keytool): verified checks refuse it, {@code insecure: true} accepts it, and the Host header and
 * SNI carry the configured host.
 */
class PoolHttpsTest {
  private static final String PASSWORD = "changeit";
  private static final String HOST = "accounts.example.internal";

  @TempDir Path dir;
  private HttpsServer server;
  private RoleFixture fixture;
  private final Map<String, String> seen = new ConcurrentHashMap<>();

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void insecureAcceptsASelfSignedCertificateAndVerifiedChecksDoNot() throws Exception {
    int port = startServer();
    Path zones = Files.createDirectories(dir.resolve("zones"));
    String monitor =
        "{ type: https, port: " + port + ", host: " + HOST + ", path: /ping, interval: 2s,"
            + " timeout: 1500ms, up_threshold: 1, down_threshold: 1";
    DnsPools pools =
        ConfigLoader.parse(
                "test.yaml",
                "modules: [dns]\n"
                    + "dns:\n"
                    + "  zones: zones\n"
                    + "  admin_state: admin_state\n"
                    + "  pools:\n"
                    + "    lenient: { mode: failover, addresses: [127.0.0.51],\n"
                    + "               monitor: " + monitor + ", insecure: true } }\n"
                    + "    strict: { mode: failover, addresses: [127.0.0.51],\n"
                    + "              monitor: " + monitor + " } }\n",
                dir)
            .dns()
            .orElseThrow()
            .pools();
    Files.writeString(
        zones.resolve("tls.internal"),
        "@ 3600 IN SOA ns1 hostmaster 1 3600 900 1209600 300\n"
            + "  IN NS ns1\nns1 IN A 192.0.2.1\n"
            + "lenient DYNA lenient\nstrict DYNA strict\n");
    fixture = RoleFixture.withPools(zones, pools);
    fixture.role.start();

    // The first TLS handshakes of a JVM can be slow on a busy machine: wait for the verdicts
    // rather than for the first check.
    Await.until(
        Duration.ofSeconds(20),
        "lenient up, strict refused by certificate checks",
        () -> member("lenient").up() && member("strict").reason().startsWith("tls: "));
    PoolStatus.Member lenient = member("lenient");
    assertTrue(lenient.up(), lenient.toString());
    assertEquals("status 200", lenient.reason());
    assertEquals("/ping Host: " + HOST + ":" + port + " SNI: " + HOST, seen.get("request"));
    PoolStatus.Member strict = member("strict");
    assertTrue(!strict.up() && strict.reason().startsWith("tls: "), strict.toString());
    // The strict pool has no member up, so its name still answers with it (all down).
    Dig.Answer answer = Dig.query(fixture.address(), "strict.tls.internal", "A");
    assertEquals(List.of("127.0.0.51"), answer.answerData("A"), answer.output());
  }

  private PoolStatus.Member member(String pool) {
    return fixture.role.pools().status().stream()
        .filter(p -> p.name().equals(pool))
        .findFirst()
        .orElseThrow()
        .members()
        .get(0);
  }

  /** An HTTPS server on 127.0.0.51 with a fresh self-signed certificate for {@link #HOST}. */
  private int startServer() throws Exception {
    Path keystore = dir.resolve("server.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + HOST, "-ext", "SAN=dns:" + HOST, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD)
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes());
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, output);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD.toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.51"), 0), 50);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext(
        "/",
        exchange -> {
          String sni =
              ((javax.net.ssl.ExtendedSSLSession)
                      ((com.sun.net.httpserver.HttpsExchange) exchange).getSSLSession())
                  .getRequestedServerNames().stream()
                      .map(n -> new String(n.getEncoded()))
                      .findFirst()
                      .orElse("none");
          seen.put(
              "request",
              exchange.getRequestURI().getPath() + " Host: "
                  + exchange.getRequestHeaders().getFirst("Host") + " SNI: " + sni);
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    return server.getAddress().getPort();
  }
}
