package org.webplatform.appliance.rsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.config.Cidr;

/** Authentication, host access, connection limits, refused options, pushes, metrics. */
class AccessTest {
  @TempDir static Path base;
  static Path src;
  static Path secrets;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    StockRsync.require();
    src = Files.createDirectories(base.resolve("src"));
    Trees.write(src.resolve("a.txt"), "a\n".getBytes());
    secrets = base.resolve("secrets");
    Files.writeString(secrets, "# users\nalice:s3cret\nbob:bobpw\n");
    Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
    Path loose = base.resolve("loose-secrets");
    Files.writeString(loose, "alice:s3cret\n");
    Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-r--r--"));
    Cidr ten = new Cidr(InetAddress.getByName("10.0.0.0"), 8);
    Cidr loop = new Cidr(InetAddress.getByName("127.0.0.0"), 8);
    Cidr me = new Cidr(InetAddress.getByName("127.0.0.1"), 32);
    server =
        new TestServer(
            List.of(
                TestServer.module("data", src).build(),
                TestServer.module("priv", src).auth(secrets, "alice", "bob:deny").build(),
                TestServer.module("loose", src).auth(loose, "alice").build(),
                TestServer.module("far", src).allow(ten).build(),
                TestServer.module("denied", src).allow(loop).deny(me).build(),
                TestServer.module("ghost", src).hidden().allow(ten).build(),
                TestServer.module("one", src).maxConnections(1).build(),
                TestServer.module("nozip", src).refuse("compress", "checksum").build()));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private StockRsync.Result pull(String url, String password, String... extra) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of(extra));
    args.add("-a");
    args.add(url);
    args.add(base.resolve("dst-" + System.nanoTime()) + "/");
    Map<String, String> env = password == null ? Map.of() : Map.of("RSYNC_PASSWORD", password);
    return StockRsync.run(args, env, 60);
  }

  @Test
  void rightSecretPulls() throws Exception {
    StockRsync.Result r = pull("rsync://alice@127.0.0.1:" + server.port + "/priv/", "s3cret");
    assertEquals(0, r.exit(), r.all());
    r = pull("rsync://alice@127.0.0.1:" + server.port + "/priv/", "s3cret", "--protocol=30");
    assertEquals(0, r.exit(), "protocol 30 client (no digest list, md5): " + r.all());
  }

  @Test
  void wrongSecretUnknownUserAndDeniedUserFail() throws Exception {
    double before = counter("appliance_rsync_auth_failures", "priv");
    for (String[] attempt :
        new String[][] {{"alice", "wrong"}, {"carol", "s3cret"}, {"bob", "bobpw"}}) {
      StockRsync.Result r =
          pull("rsync://" + attempt[0] + "@127.0.0.1:" + server.port + "/priv/", attempt[1]);
      assertEquals(5, r.exit(), r.all());
      assertTrue(r.all().contains("@ERROR: auth failed on module priv"), r.all());
    }
    assertEquals(before + 3, counter("appliance_rsync_auth_failures", "priv"));
  }

  @Test
  void otherReadableSecretsFileIsNotUsed() throws Exception {
    StockRsync.Result r = pull("rsync://alice@127.0.0.1:" + server.port + "/loose/", "s3cret");
    assertEquals(5, r.exit(), r.all());
  }

  @Test
  void reloadRereadsSecrets() throws Exception {
    Path dir = base.resolve("reload");
    Files.createDirectories(dir);
    Path s = dir.resolve("secrets");
    Files.writeString(s, "alice:old\n");
    Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rw-------"));
    try (TestServer own =
        new TestServer(List.of(TestServer.module("m", src).auth(s, "alice").build()))) {
      String url = "rsync://alice@127.0.0.1:" + own.port + "/m/";
      assertEquals(0, pull(url, "old").exit());
      Files.writeString(s, "alice:new\n");
      assertEquals(5, pull(url, "new").exit());
      own.role.reload();
      assertEquals(0, pull(url, "new").exit());
      assertEquals(5, pull(url, "old").exit());
    }
  }

  @Test
  void hostOutsideAllowListIsRefused() throws Exception {
    StockRsync.Result r = pull(server.url("far/"), null);
    assertEquals(5, r.exit(), r.all());
    assertTrue(r.all().contains("@ERROR: access denied to far from 127.0.0.1"), r.all());
    r = pull(server.url("denied/"), null);
    assertEquals(5, r.exit(), "deny wins over allow: " + r.all());
    r = pull(server.url("ghost/"), null);
    assertEquals(5, r.exit(), r.all());
    assertTrue(r.all().contains("Unknown module 'ghost'"), "hidden stays hidden: " + r.all());
  }

  @Test
  void maxConnectionsPerModule() throws Exception {
    try (RawClient holder = new RawClient(server.port)) {
      assertEquals("@RSYNCD: OK", holder.open("one"));
      StockRsync.Result r = pull(server.url("one/"), null);
      assertEquals(5, r.exit(), r.all());
      assertTrue(r.all().contains("max connections (1) reached"), r.all());
    }
    // The slot frees when the holder's session ends; wait for that, with a deadline.
    long deadline = System.nanoTime() + 20_000_000_000L;
    StockRsync.Result r;
    do {
      r = pull(server.url("one/"), null);
    } while (r.exit() != 0 && System.nanoTime() < deadline);
    assertEquals(0, r.exit(), r.all());
  }

  @Test
  void refusedOptionsAndPushesGetClearErrors() throws Exception {
    StockRsync.Result r = pull(server.url("nozip/"), null, "-z");
    assertNotEquals(0, r.exit(), r.all());
    assertTrue(r.all().contains("refuse --compress"), r.all());
    r = pull(server.url("nozip/"), null, "-c");
    assertTrue(r.all().contains("refuse --checksum"), r.all());
    assertEquals(0, pull(server.url("nozip/"), null).exit());
    r = StockRsync.run(List.of("-a", src + "/", server.url("data/")));
    assertNotEquals(0, r.exit(), r.all());
    assertTrue(r.all().contains("read only"), r.all());
  }

  @Test
  void unknownModule() throws Exception {
    StockRsync.Result r = pull(server.url("nope/"), null);
    assertEquals(5, r.exit(), r.all());
    assertTrue(r.all().contains("Unknown module 'nope'"), r.all());
  }

  @Test
  void sessionsAndBytesAreCounted() throws Exception {
    double before = counter("appliance_rsync_sessions", "data", "ok");
    assertEquals(0, pull(server.url("data/"), null).exit());
    assertEquals(before + 1, counter("appliance_rsync_sessions", "data", "ok"));
    assertTrue(counter("appliance_rsync_bytes_sent", "data") > 0);
    assertTrue(counter("appliance_rsync_files_sent", "data") >= 1);
  }

  private static double counter(String name, String... labels) {
    for (MetricSnapshot m : server.registry.scrape()) {
      if (!m.getMetadata().getName().equals(name)) {
        continue;
      }
      double sum = 0;
      for (CounterSnapshot.CounterDataPointSnapshot p : ((CounterSnapshot) m).getDataPoints()) {
        boolean match = p.getLabels().get("module").equals(labels[0])
            && (labels.length < 2 || labels[1].equals(p.getLabels().get("result")));
        if (match) {
          sum += p.getValue();
        }
      }
      return sum;
    }
    return 0;
  }
}
