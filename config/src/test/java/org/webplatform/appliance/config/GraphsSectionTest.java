package org.webplatform.appliance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphsSectionTest {
  @TempDir Path dir;

  private List<String> problems(String yaml) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("a.yaml", yaml, dir));
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void rrdDirIsRelativeToTheConfigDirAndNeedNotExist() throws Exception {
    GraphsConfig graphs =
        ConfigLoader.parse(
                "a.yaml", "modules: [graphs]\ngraphs: { rrd_dir: rrd, step: 30s }\n", dir)
            .graphs()
            .orElseThrow();
    assertEquals(dir.resolve("rrd"), graphs.rrdDir());
    assertEquals(Duration.ofSeconds(30), graphs.step());
  }

  @Test
  void defaultsAreMailgraphs() throws Exception {
    GraphsConfig graphs =
        ConfigLoader.parse("a.yaml", "modules: [graphs]\n", dir).graphs().orElseThrow();
    assertEquals(GraphsConfig.DEFAULT_RRD_DIR, graphs.rrdDir());
    assertEquals(Duration.ofSeconds(60), graphs.step());
  }

  @Test
  void sectionOfADisabledModuleIsCheckedButAbsentFromTheConfig() throws Exception {
    Files.createDirectories(dir.resolve("z"));
    ApplianceConfig config =
        ConfigLoader.parse(
            "a.yaml", "modules: [dns]\ndns: { zones: z }\ngraphs: { rrd_dir: x }\n", dir);
    assertTrue(config.graphs().isEmpty());
  }

  @Test
  void badValuesAreReportedWithTheirLines() throws Exception {
    Files.writeString(dir.resolve("file"), "x");
    assertEquals(
        List.of(
            "a.yaml:3: graphs.rrd_dir: " + dir.resolve("file") + " exists and is not a directory",
            "a.yaml:4: graphs.step: must be whole seconds between 10s and 5m",
            "a.yaml:5: graphs.colour: unknown key (known here: rrd_dir, step)"),
        problems("modules: [graphs]\ngraphs:\n  rrd_dir: file\n  step: 1h\n  colour: red\n"));
  }
}
