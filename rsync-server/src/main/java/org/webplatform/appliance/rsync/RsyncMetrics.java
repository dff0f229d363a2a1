package org.webplatform.appliance.rsync;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The role's counters, per module. Module labels are only configured module names (or "-" for
 * listings and unknown modules), so clients cannot inflate the label set.
 */
public final class RsyncMetrics {
  private final Counter sessions;
  private final Counter bytesSent;
  private final Counter filesSent;
  private final Counter authFailures;

  public RsyncMetrics(PrometheusRegistry registry) {
    sessions =
        Counter.builder()
            .name("appliance_rsync_sessions_total")
            .help("rsync daemon sessions by module and result")
            .labelNames("module", "result")
            .register(registry);
    bytesSent =
        Counter.builder()
            .name("appliance_rsync_bytes_sent_total")
            .help("bytes written to rsync clients")
            .labelNames("module")
            .register(registry);
    filesSent =
        Counter.builder()
            .name("appliance_rsync_files_sent_total")
            .help("files transferred to rsync clients")
            .labelNames("module")
            .register(registry);
    authFailures =
        Counter.builder()
            .name("appliance_rsync_auth_failures_total")
            .help("failed rsync daemon authentications")
            .labelNames("module")
            .register(registry);
  }

  public void session(String module, String result, long bytes, long files) {
    sessions.labelValues(module, result).inc();
    if (bytes > 0) {
      bytesSent.labelValues(module).inc(bytes);
    }
    if (files > 0) {
      filesSent.labelValues(module).inc(files);
    }
  }

  public void authFailure(String module) {
    authFailures.labelValues(module).inc();
  }
}
