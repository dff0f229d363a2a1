package org.webplatform.appliance.smtp.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The users_file hash tool reads the password from stdin (or the terminal), never from its
 * arguments, which any local user can read in {@code ps}.
 */
class UsersFileTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  /** {@code java -cp ... UsersFile ARGS < stdin}, as an admin runs it. */
  private Run run(String stdin, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), UsersFile.class.getName()));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
        .start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "UsersFile did not finish");
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void thePasswordOnStdinMakesALineThatAuthenticates() throws Exception {
    Run r = run("s3cret p\u00e4ss\n");
    assertEquals(0, r.exit(), r.err());
    String hash = r.out().strip();
    assertTrue(hash.startsWith("{PBKDF2-SHA256}210000$"), hash);
    Path users = Files.writeString(dir.resolve("users"), "alice:" + hash + "\n");
    UsersFile file = UsersFile.read(users);
    assertTrue(file.check("alice", "s3cret p\u00e4ss"));
    assertFalse(file.check("alice", "s3cret p\u00e4ss\n"));
    assertEquals(1, file.size());
  }

  @Test
  void aPasswordArgumentIsRefusedAndNothingIsPrinted() throws Exception {
    Run r = run("", "s3cret");
    assertEquals(2, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().contains("never from the command line"), r.err());
    Run empty = run("\n");
    assertEquals(1, empty.exit());
    assertEquals("", empty.out());
  }

  @Test
  void withoutATerminalTheFirstLineOfStdinIsThePassword() throws IOException {
    assertEquals("pw", UsersFile.readPassword(null,
        new ByteArrayInputStream("pw\r\nsecond line\n".getBytes(StandardCharsets.UTF_8))));
    assertEquals(null, UsersFile.readPassword(null, new ByteArrayInputStream(new byte[0])));
  }
}
