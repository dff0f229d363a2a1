package org.webplatform.appliance.graphs.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rendered PNGs kept for a while (a minute: one sample step), so a page reload or several
 * admins looking at once cost one render per graph and period. Concurrent requests for the same
 * image wait for one render instead of each drawing it.
 */
public final class RenderCache {
  private record Entry(byte[] png, long renderedMillis) {}

  private final GraphRenderer renderer;
  private final Clock clock;
  private final long ttlMillis;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  public RenderCache(GraphRenderer renderer, Clock clock, Duration ttl) {
    this.renderer = renderer;
    this.clock = clock;
    this.ttlMillis = ttl.toMillis();
  }

  public GraphRenderer renderer() {
    return renderer;
  }

  public byte[] png(GraphSpec spec, Period period) throws IOException {
    String key = spec.name() + "/" + period.key();
    try {
      return entries
          .compute(
              key,
              (k, old) -> {
                long now = clock.millis();
                if (old != null && now - old.renderedMillis() < ttlMillis) {
                  return old;
                }
                try {
                  return new Entry(renderer.render(spec, period, now / 1000), now);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .png();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
