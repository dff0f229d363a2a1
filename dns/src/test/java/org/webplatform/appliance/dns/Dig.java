package org.webplatform.appliance.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real {@code dig} (Debian package bind9-dnsutils) and parses its output. Missing dig
 * skips the test with the reason, or fails it when {@code -Dappliance.requirePeers=true}.
 */
final class Dig {
  private static final long TIMEOUT_SECONDS = 20;

  private Dig() {}

  static String binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path candidate = Path.of(dir, "dig");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    String reason = "dig not installed (Debian package bind9-dnsutils)";
    if (Boolean.getBoolean("appliance.requirePeers")) {
      throw new AssertionError(reason);
    }
    Assumptions.abort(reason);
    return null;
  }

  /**
   * {@code dig @server -p port +norec +noall +comments +question +answer +authority +additional
   * +tries=1 +time=3 options...}; the last answer printed is parsed (after a TC retry over TCP, the
   * TCP one).
   */
  static Answer query(InetSocketAddress server, String... options)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                binary(),
                "@" + server.getAddress().getHostAddress(),
                "-p",
                String.valueOf(server.getPort()),
                "+norec",
                "+noall",
                "+comments",
                "+question",
                "+answer",
                "+authority",
                "+additional",
                "+tries=1",
                "+time=3"));
    command.addAll(List.of(options));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("dig did not finish: " + command);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return Answer.parse(output);
  }

  /** One resource record line of dig's output. */
  record Rr(String name, long ttl, String type, String data) {}

  /** A parsed dig response. */
  record Answer(
      String status,
      Set<String> flags,
      int ednsUdp,
      List<String> question,
      List<Rr> answer,
      List<Rr> authority,
      List<Rr> additional,
      String output) {

    boolean flag(String flag) {
      return flags.contains(flag);
    }

    List<String> answerData(String type) {
      return answer.stream().filter(rr -> rr.type.equals(type)).map(Rr::data).toList();
    }

    static Answer parse(String output) {
      String status = null;
      Set<String> flags = new HashSet<>();
      int ednsUdp = -1;
      List<String> question = new ArrayList<>();
      List<Rr> answer = new ArrayList<>();
      List<Rr> authority = new ArrayList<>();
      List<Rr> additional = new ArrayList<>();
      String section = "";
      for (String line : output.split("\n")) {
        if (line.startsWith(";; ->>HEADER<<-")) {
          status = line.replaceAll(".*status: ([A-Z]+).*", "$1");
          flags.clear();
          ednsUdp = -1;
          question.clear();
          answer.clear();
          authority.clear();
          additional.clear();
          section = "";
        } else if (line.startsWith(";; flags:")) {
          String flagText = line.substring(";; flags:".length(), line.indexOf(';', 3));
          for (String flag : flagText.trim().split("\\s+")) {
            if (!flag.isEmpty()) {
              flags.add(flag);
            }
          }
        } else if (line.startsWith("; EDNS:")) {
          ednsUdp = Integer.parseInt(line.replaceAll(".*udp: (\\d+).*", "$1"));
        } else if (line.startsWith(";; ") && line.endsWith(" SECTION:")) {
          section = line.substring(3, line.indexOf(' ', 3));
        } else if (section.equals("QUESTION") && line.startsWith(";") && !line.startsWith(";;")) {
          question.add(line.substring(1).trim());
        } else if (!line.isBlank() && !line.startsWith(";")) {
          String[] parts = line.trim().split("\\s+", 5);
          Rr rr = new Rr(parts[0], Long.parseLong(parts[1]), parts[3], parts[4]);
          switch (section) {
            case "ANSWER" -> answer.add(rr);
            case "AUTHORITY" -> authority.add(rr);
            case "ADDITIONAL" -> additional.add(rr);
            default -> throw new IllegalArgumentException("record outside a section: " + line);
          }
        }
      }
      if (status == null) {
        throw new AssertionError("dig printed no response:\n" + output);
      }
      return new Answer(
          status,
          Set.copyOf(flags),
          ednsUdp,
          List.copyOf(question),
          List.copyOf(answer),
          List.copyOf(authority),
          List.copyOf(additional),
          output);
    }
  }
}
