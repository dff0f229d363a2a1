package org.webplatform.appliance.dns.answer;

import java.net.InetAddress;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Name;

/**
 * Answers questions outside our zones for the clients allowed to ask them (forwarding with a
 * cache). The {@link Responder} consults it only for names no zone here covers, class IN.
 *
 * <p>Contract: thread-safe; {@link #allows} and {@link #cached} are called on I/O threads for
 * every such query and must be fast and never block; {@link #resolve} must not block either, it
 * starts the work and returns.
 */
public interface Recursion {

  /** No client may recurse: every name outside our zones is refused (gdnsd's behaviour). */
  Recursion NONE =
      new Recursion() {
        @Override
        public boolean allows(InetAddress client) {
          return false;
        }

        @Override
        public Resolution cached(Name name, int type) {
          return null;
        }

        @Override
        public CompletionStage<Resolution> resolve(Name name, int type) {
          throw new IllegalStateException("recursion is off");
        }
      };

  /** True when {@code client} may have names outside our zones resolved. */
  boolean allows(InetAddress client);

  /** The cached answer to {@code name}/{@code type} (class IN), aged; null when none. */
  Resolution cached(Name name, int type);

  /**
   * Resolves {@code name}/{@code type} (class IN) upstream. The stage never completes
   * exceptionally: when no upstream answers it completes with {@link Resolution#SERVFAIL}. It may
   * complete on any thread.
   */
  CompletionStage<Resolution> resolve(Name name, int type);
}
