package org.webplatform.appliance.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /usr/bin/appliance before it is installed: the packaged launcher on the staged jars, with a
 * stand-in {@code java} that prints what it was given where a real runtime is not the point.
 */
class LauncherIT {
  private static final Path LAUNCHER = Path.of("src/deb/bin/appliance");
  private static final Path STAGED = Path.of("target/deb-root/usr/share/appliance");
  private static final Duration RUN = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void runsTheStagedJarsOnARealJava17() throws Exception {
    Commands.Result version =
        launch(Map.of("APPLIANCE_DEFAULTS", "/nonexistent", "APPLIANCE_HOME", STAGED.toString()),
            "version").assertSuccess();
    assertTrue(version.output().startsWith("appliance 0."), version.output());
  }

  @Test
  void passesDefaultsConfigAndArchiveToTheJavaItPicks() throws Exception {
    Path java = fakeJava("17.0.15");
    Path archive = Files.writeString(dir.resolve("appliance.jsa"), "x");
    Path defaults =
        Files.writeString(
            dir.resolve("defaults"),
            "JAVA_HOME=" + java + "\nJAVA_OPTS=\"-Xmx192m -XX:+UseSerialGC\"\n"
                + "CDS_ARCHIVE=" + archive + "\n");
    String out =
        launch(Map.of("APPLIANCE_DEFAULTS", defaults.toString()), "queue", "list")
            .assertSuccess()
            .output();
    assertEquals(
        "config=/etc/appliance/appliance.yaml args=-Xmx192m -XX:+UseSerialGC"
            + " -XX:SharedArchiveFile=" + archive + " -Xlog:cds=off -Xlog:cds+dynamic=off"
            + " -jar /usr/share/appliance/appliance.jar queue list",
        out.strip());
  }

  @Test
  void anEmptyApplianceConfigMeansTheEmbeddedDefault() throws Exception {
    Path defaults = Files.writeString(dir.resolve("defaults"),
        "JAVA_HOME=" + fakeJava("21.0.2") + "\nCDS_ARCHIVE=\n");
    String out =
        launch(Map.of("APPLIANCE_DEFAULTS", defaults.toString(), "APPLIANCE_CONFIG", ""), "run")
            .assertSuccess()
            .output();
    assertEquals("config= args=-jar /usr/share/appliance/appliance.jar run", out.strip());
  }

  @Test
  void skipsAJavaOlderThan17() throws Exception {
    Path defaults = Files.writeString(dir.resolve("defaults"),
        "JAVA_HOME=" + fakeJava("11.0.2") + "\nCDS_ARCHIVE=\n");
    Commands.Result result =
        launch(Map.of("APPLIANCE_DEFAULTS", defaults.toString(), "APPLIANCE_HOME",
            STAGED.toString()), "version");
    // Not the fake: the launcher moved on to the machine's real Java 17+.
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("\njava "), result.output());
  }

  private Commands.Result launch(Map<String, String> environment, String... args)
      throws Exception {
    Map<String, String> env = new HashMap<>(environment);
    env.putIfAbsent("APPLIANCE_HOME", "/usr/share/appliance");
    String[] command = new String[args.length + 1];
    command[0] = LAUNCHER.toAbsolutePath().toString();
    System.arraycopy(args, 0, command, 1, args.length);
    // Unless the test sets it, as on a machine where nobody did.
    env.putIfAbsent("APPLIANCE_CONFIG", null);
    return Commands.run(RUN, env, command);
  }

  /** A JAVA_HOME whose release file says {@code version} and whose java echoes its input. */
  private Path fakeJava(String version) throws Exception {
    Path home = Files.createDirectories(dir.resolve("jdk-" + version));
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"config=${APPLIANCE_CONFIG-} args=$*\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }
}
