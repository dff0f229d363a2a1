package org.webplatform.appliance.dns.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.webplatform.appliance.dns.zone.RrSet;
import org.xbill.DNS.Rcode;

/**
 * Answers a query for a name outside our zones from a client that may recurse (RFC 1034 §4.3.1):
 *
 * <ul>
 *   <li>an answer in the cache is written at once, TTLs reduced by its age;
 *   <li>otherwise, with RD set, the question is resolved upstream and the response follows;
 *   <li>otherwise (RD clear: the client asks what we already know) REFUSED, as BIND does for a
 *       name it has not cached; we have no delegation to refer the client to.
 * </ul>
 *
 * Forwarded data is written like zone data (same encoder, same all-or-nothing truncation) but
 * without AA: we are not the authority for it. AD is never set (nothing is validated here); RA
 * is added by the {@link Responder} to every response to such a client. Outcomes are marked
 * {@link Outcome#memoisable() not memoisable}: they depend on time and the cache, not only on
 * the zone snapshot. Thread-safe.
 */
final class RecursiveAnswers {
  private static final int FLAG_RD = 0x0100;

  private final Recursion recursion;
  private final int maxUdpPayload;

  RecursiveAnswers(Recursion recursion, int maxUdpPayload) {
    this.recursion = recursion;
    this.maxUdpPayload = maxUdpPayload;
  }

  Outcome answer(int id, int flags, Question question, Edns edns, Transport transport) {
    int limit = Edns.responseLimit(edns, transport, maxUdpPayload);
    Resolution cached = recursion.cached(question.name(), question.type());
    if (cached != null) {
      return encode(id, flags, question, edns, limit, cached);
    }
    if ((flags & FLAG_RD) == 0) {
      return ResponseEncoder.encode(
              id, flags, question, Rcode.REFUSED, null, edns, maxUdpPayload, limit)
          .notMemoisable();
    }
    CompletionStage<Outcome> later =
        recursion
            .resolve(question.name(), question.type())
            .handle(
                (resolution, error) -> {
                  try {
                    Resolution done = error == null ? resolution : Resolution.SERVFAIL;
                    return encode(id, flags, question, edns, limit, done);
                  } catch (RuntimeException e) {
                    // A bug must not leave the client without an answer (RFC 1035 §4.1.1).
                    return encode(id, flags, question, edns, limit, Resolution.SERVFAIL);
                  }
                });
    return Outcome.pending(question.type(), later);
  }

  private Outcome encode(
      int id, int flags, Question question, Edns edns, int limit, Resolution resolution) {
    AnswerPlan plan =
        new AnswerPlan(
            resolution.rcode(),
            false,
            refs(resolution, resolution.answer()),
            refs(resolution, resolution.authority()),
            List.of(),
            refs(resolution, resolution.additional()));
    return ResponseEncoder.encode(
            id, flags, question, resolution.rcode(), plan, edns, maxUdpPayload, limit)
        .notMemoisable();
  }

  private static List<RrSetRef> refs(Resolution resolution, List<RrSet> section) {
    List<RrSetRef> refs = new ArrayList<>(section.size());
    for (RrSet rrset : section) {
      refs.add(new RrSetRef(rrset.owner(), rrset, resolution.ttl(rrset)));
    }
    return refs;
  }
}
