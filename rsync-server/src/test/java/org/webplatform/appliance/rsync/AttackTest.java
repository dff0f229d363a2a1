package org.webplatform.appliance.rsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile client gets an error and loses only its own session: after every attack the stock
 * client still pulls correctly from the same daemon.
 */
class AttackTest {
  @TempDir static Path base;
  static Path src;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    StockRsync.require();
    src = Files.createDirectories(base.resolve("src"));
    Trees.write(src.resolve("a.txt"), "a\n".getBytes());
    Trees.write(src.resolve("d/b.txt"), "b\n".getBytes());
    server = new TestServer(List.of(TestServer.module("data", src).build()));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void daemonStillServes(@TempDir Path dst) throws Exception {
    StockRsync.Result r = StockRsync.run(List.of("-a", server.url("data/"), dst + "/"));
    assertEquals(0, r.exit(), r.all());
    Trees.assertIdentical(src, dst);
  }

  private RawClient.Ending attackWithArgs(String... paths) throws Exception {
    try (RawClient c = new RawClient(server.port)) {
      assertEquals("@RSYNCD: OK", c.open("data"));
      String[] args = new String[4 + paths.length];
      args[0] = "--server";
      args[1] = "--sender";
      args[2] = "-re.fC";
      args[3] = ".";
      System.arraycopy(paths, 0, args, 4, paths.length);
      c.args(args);
      c.readSetup();
      c.sendData(RawClient.ints(0));
      return c.readUntilExit();
    }
  }

  @Test
  void dotDotIsRefused() throws Exception {
    RawClient.Ending e = attackWithArgs("data/../../../etc/");
    assertTrue(e.errors().contains("refused"), e.errors());
    assertEquals(3, e.exitCode());
    e = attackWithArgs("data/d/../../x");
    assertTrue(e.errors().contains("refused"), e.errors());
  }

  @Test
  void absolutePathIsRefused() throws Exception {
    RawClient.Ending e = attackWithArgs("/etc/passwd");
    assertTrue(e.errors().contains("absolute path refused"), e.errors());
    assertFalse(e.errors().contains("root:"), e.errors());
  }

  /** Gets through the handshake and the file list of data/a.txt, then sends {@code request}. */
  private RawClient.Ending attackTransfer(byte[] request) throws Exception {
    try (RawClient c = new RawClient(server.port)) {
      assertEquals("@RSYNCD: OK", c.open("data"));
      c.args("--server", "--sender", "-e.fC", ".", "data/a.txt");
      c.readSetup();
      c.sendData(RawClient.ints(0));
      c.sendData(request);
      return c.readUntilExit();
    }
  }

  private static byte[] transferRequest(int ndxByte, byte[] sumHead) {
    byte[] b = new byte[3 + sumHead.length];
    b[0] = (byte) ndxByte;
    b[1] = 0;
    b[2] = (byte) 0x80;
    System.arraycopy(sumHead, 0, b, 3, sumHead.length);
    return b;
  }

  @Test
  void oversizedBlockCountIsRefused() throws Exception {
    RawClient.Ending e = attackTransfer(transferRequest(1, RawClient.ints(0x40000000, 700, 16, 0)));
    assertTrue(e.errors().contains("invalid block count"), e.errors());
    assertEquals(2, e.exitCode());
  }

  @Test
  void oversizedBlockLengthAndChecksumLengthAreRefused() throws Exception {
    RawClient.Ending e = attackTransfer(transferRequest(1, RawClient.ints(1, 1 << 30, 16, 0)));
    assertTrue(e.errors().contains("invalid block length"), e.errors());
    e = attackTransfer(transferRequest(1, RawClient.ints(1, 700, 4096, 0)));
    assertTrue(e.errors().contains("invalid checksum length"), e.errors());
    e = attackTransfer(transferRequest(1, RawClient.ints(-5, 700, 16, 0)));
    assertTrue(e.errors().contains("invalid block count"), e.errors());
  }

  @Test
  void fileIndexOutOfRangeIsRefused() throws Exception {
    RawClient.Ending e = attackTransfer(new byte[] {(byte) 0xfe, 0x70, 0x00, 0, (byte) 0x80});
    assertTrue(e.errors().contains("invalid file index"), e.errors());
  }

  @Test
  void oversizedFilterRuleIsRefused() throws Exception {
    try (RawClient c = new RawClient(server.port)) {
      assertEquals("@RSYNCD: OK", c.open("data"));
      c.args("--server", "--sender", "-re.fC", ".", "data/");
      c.readSetup();
      c.sendData(RawClient.ints(0x7fffffff));
      RawClient.Ending e = c.readUntilExit();
      assertTrue(e.errors().contains("invalid filter rule length"), e.errors());
    }
  }

  @Test
  void garbageGreetingIsRefused() throws Exception {
    try (RawClient c = new RawClient(server.port)) {
      c.readLine();
      c.send(Trees.random(300, 11));
      c.send("\n");
      String answer = c.readLine();
      assertTrue(answer != null && answer.startsWith("@ERROR"), String.valueOf(answer));
    }
  }

  @Test
  void oldProtocolIsRefused() throws Exception {
    try (RawClient c = new RawClient(server.port)) {
      c.readLine();
      c.send("@RSYNCD: 29.0\ndata\n");
      String answer = c.readLine();
      assertTrue(answer.startsWith("@ERROR: protocol version mismatch"), answer);
    }
  }

  @Test
  void endlessLinesAndArgumentFloodsEndTheSession() throws Exception {
    try (RawClient c = new RawClient(server.port)) {
      c.readLine();
      c.send("@RSYNCD: 31.0\n");
      c.send(new byte[100_000]); // no newline: a module "name" of NULs, far too long
      String answer = c.readLine();
      assertTrue(answer == null || answer.startsWith("@ERROR"), answer);
    }
    try (RawClient c = new RawClient(server.port)) {
      assertEquals("@RSYNCD: OK", c.open("data"));
      String[] many = new String[5000];
      java.util.Arrays.fill(many, "-v");
      c.args(many);
      String rest = c.readLine();
      assertTrue(rest == null || rest.contains("ERROR"), rest);
    }
  }

  @Test
  void garbageAfterHandshakeEndsTheSession() throws Exception {
    try (RawClient c = new RawClient(server.port)) {
      assertEquals("@RSYNCD: OK", c.open("data"));
      c.args("--server", "--sender", "-re.fC", ".", "data/");
      c.readSetup();
      c.send(Trees.random(10_000, 12));
      c.readUntilExit();
    }
  }
}
