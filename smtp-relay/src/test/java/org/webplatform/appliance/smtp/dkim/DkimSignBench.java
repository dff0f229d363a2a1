package org.webplatform.appliance.smtp.dkim;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Signatures per second per algorithm and engine (the JDK's, BoringSSL's), one thread, for
 * bench/smtp.sh: a 2,000-byte message like smtp-source's, signed relaxed/relaxed; 2 s warm-up,
 * then {@code args[0]} seconds (default 5).
 */
public final class DkimSignBench {
  private DkimSignBench() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    byte[] msg = ("From: <bench@anchor.test>\r\nTo: <sink@remote.test>\r\nSubject: bench\r\n"
        + "Date: Thu, 26 Nov 2026 00:00:00 +0000\r\nMessage-ID: <b@anchor.test>\r\n\r\n"
        + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ\r\n".repeat(31))
        .getBytes(StandardCharsets.US_ASCII);
    SignatureEngine fastest = SignatureEngine.fastest();
    List<SignatureEngine> engines = fastest.description().startsWith("jdk")
        ? List.of(SignatureEngine.jdk()) : List.of(SignatureEngine.jdk(), fastest);
    for (DkimAlgorithm a : DkimAlgorithm.values()) {
      // Only RSA has a second engine; Ed25519 is always the JDK's.
      List<SignatureEngine> candidates =
          a == DkimAlgorithm.RSA_SHA256 ? engines : engines.subList(0, 1);
      DkimKey generated = DkimKeyGenerator.generate("anchor.test", "b", a, Optional.empty()).key();
      for (SignatureEngine engine : candidates) {
        DkimSigner signer = new DkimSigner(
            Canonicalization.RELAXED, Canonicalization.RELAXED, Optional.empty(), engine);
        DkimKey key = engine.prepare(generated);
        run(signer, key, msg, 2);
        double rate = run(signer, key, msg, seconds);
        System.out.printf("dkim-sign %s %.0f sign/s (1 thread, %d-byte message, %s)%n",
            a.tag(), rate, msg.length, engine.description());
      }
    }
  }

  private static double run(DkimSigner signer, DkimKey key, byte[] msg, double seconds)
      throws Exception {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    long n = 0;
    while (System.nanoTime() < end) {
      signer.sign(new ByteArrayInputStream(msg), List.of(key), Instant.now());
      n++;
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }
}
