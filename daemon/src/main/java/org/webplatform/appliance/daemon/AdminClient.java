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
 * What the admin commands ({@code queue}, {@code dns pool}) share: one request to the running
 * daemon's admin listener, named in the config, with the answer printed as it comes (stdout on
 * 2xx, stderr otherwise).
 */
final class AdminClient {
  private AdminClient() {}

  /** @return 0 on a 2xx answer, 1 otherwise */
  static int call(Path configFile, CommandLine commandLine, String method, String path) {
    PrintWriter out = commandLine.getOut();
    PrintWriter err = commandLine.getErr();
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
