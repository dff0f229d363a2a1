package org.webplatform.appliance.dns.answer;

import java.util.List;

/**
 * What a response to an in-zone query contains, before encoding.
 *
 * @param rcode NOERROR or NXDOMAIN
 * @param authoritative the AA bit: set for answers from zone data, clear for referrals
 * @param requiredGlue additional records without which the response is useless (in-domain glue
 *     of a referral, RFC 9471): if they don't fit, the response is truncated
 * @param optionalAdditional additional records that are simply left out when they don't fit
 */
record AnswerPlan(
    int rcode,
    boolean authoritative,
    List<RrSetRef> answer,
    List<RrSetRef> authority,
    List<RrSetRef> requiredGlue,
    List<RrSetRef> optionalAdditional) {

  /** True when the answer holds records picked per query (round-robin or weighted pools). */
  boolean perQuery() {
    for (RrSetRef ref : answer) {
      if (ref.rrset().perQuery()) {
        return true;
      }
    }
    return false;
  }
}
