package org.webplatform.appliance.daemon;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.webplatform.appliance.config.ApplianceConfig;
import org.webplatform.appliance.config.ConfigException;
import org.webplatform.appliance.config.HostPort;
import picocli.CommandLine;

/**
 * One request of a command to the running daemon, over the admin listener named in the config
 * ({@code appliance queue ...}, {@code appliance dns stats}, {@code appliance dns pool ...}). The
 * daemon's answer goes to stdout on success (exit 0), to stderr otherwise (exit 1).
 */
final class AdminRequest {
  private AdminRequest() {}

  /**
   * @param configFile the {@code --config} value; null for the embedded default
   * @param path the admin path, e.g. {@code /dns/stats}
   */
  static int send(
      Path configFile, CommandLine.Model.CommandSpec spec, String method, String path) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ApplianceConfig parsed;
    try {
      parsed = ConfigSource.load(configFile, ConfigSource.defaultDirectory());
    } catch (ConfigException e) {
      e.problems().forEach(err::println);
      return 1;
    }
    URI uri = URI.create("http://" + HostPort.format(parsed.admin().listen()) + path);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      HttpResponse<String> response =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(request, HttpResponse.BodyHandlers.ofString());
      PrintWriter target = response.statusCode() / 100 == 2 ? out : err;
      target.print(response.body());
      target.flush();
      return response.statusCode() / 100 == 2 ? 0 : 1;
    } catch (IOException e) {
      err.println("cannot reach the daemon's admin listener at " + uri + ": " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }
}
