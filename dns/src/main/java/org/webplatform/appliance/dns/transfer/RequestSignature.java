package org.webplatform.appliance.dns.transfer;

import java.time.Clock;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * The TSIG state of one request (RFC 8945) and how its responses are signed.
 *
 * @param key our key of the name the request was signed with; null when unsigned or unknown
 * @param requestTsig the request's TSIG record; null when unsigned
 * @param error NOERROR when verified (or unsigned), else BADKEY, BADSIG or BADTIME
 */
record RequestSignature(TSIG key, TSIGRecord requestTsig, int error) {
  static final RequestSignature UNSIGNED = new RequestSignature(null, null, Rcode.NOERROR);

  /**
   * Verifies {@code request} against {@code keys} (RFC 8945 §5.2): unknown key or algorithm is
   * BADKEY, a wrong MAC BADSIG, a time outside the fudge BADTIME, in that order.
   */
  static RequestSignature verify(TransferRequest request, TsigKeyring keys) {
    TSIGRecord tsig = request.tsig();
    if (tsig == null) {
      return UNSIGNED;
    }
    TSIG key = keys.get(tsig.getName());
    if (key == null) {
      return new RequestSignature(null, tsig, Rcode.BADKEY);
    }
    int result = key.verify(request.message(), request.wire(), null);
    return new RequestSignature(result == Rcode.BADKEY ? null : key, tsig, result);
  }

  boolean signed() {
    return requestTsig != null;
  }

  /** True when the request carried a TSIG that verified. */
  boolean verified() {
    return signed() && error == Rcode.NOERROR;
  }

  /** The name of the verified key, or null. */
  Name verifiedKey() {
    return verified() ? requestTsig.getName() : null;
  }

  /** For logs: the key name the request named (verified or not), or {@code none}. */
  String keyLabel() {
    if (!signed()) {
      return "none";
    }
    String name = requestTsig.getName().toString();
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  /** Octets to keep free in each response for its TSIG record. */
  int reserve() {
    return verified() ? key.recordLength() : 0;
  }

  /**
   * Signs a single response as RFC 8945 §5.3 wants: with the request's MAC when verified; with a
   * signed BADTIME error (§5.2.3); with an unsigned TSIG carrying BADKEY or BADSIG (§5.3.2); not
   * at all when the request was unsigned. Call after the message is otherwise complete.
   */
  void sign(Message response, Clock clock) {
    if (!signed()) {
      return;
    }
    if (error == Rcode.NOERROR || error == Rcode.BADTIME) {
      key.apply(response, error, requestTsig);
      return;
    }
    response.addRecord(
        new TSIGRecord(
            requestTsig.getName(),
            DClass.ANY,
            0,
            requestTsig.getAlgorithm(),
            clock.instant(),
            TSIG.FUDGE,
            new byte[0],
            response.getHeader().getID(),
            error,
            null),
        Section.ADDITIONAL);
  }

  /** A signer for the messages of a stream (RFC 8945 §5.3.1), or null when unsigned. */
  TSIG.StreamGenerator streamSigner() {
    return verified() ? new TSIG.StreamGenerator(key, requestTsig) : null;
  }
}
