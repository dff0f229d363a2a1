package org.webplatform.appliance.smtp.inbound;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.Session;
import org.webplatform.appliance.smtp.SmtpMetrics;

/**
 * AUTH PLAIN and LOGIN against the {@link UsersFile}, refused on a connection without TLS: the
 * password would cross the network in clear (RFC 4954 §4, reply 538 of §6). subethasmtp's own
 * requireTLS would force STARTTLS for every command, which the plain-text clients in
 * relay_networks must not need. The users are looked up at each AUTH, so a reloaded users_file
 * applies to the next one.
 */
final class SmtpAuth implements AuthenticationHandlerFactory {
  private static final Logger log = LoggerFactory.getLogger("smtp-relay.smtpd");

  private final AuthenticationHandlerFactory mechanisms;
  private final SmtpMetrics metrics;

  SmtpAuth(Supplier<UsersFile> users, SmtpMetrics metrics) {
    this.metrics = metrics;
    this.mechanisms =
        new EasyAuthenticationHandlerFactory(
            (user, password, context) -> {
              if (!users.get().check(user, password)) {
                metrics.rejected("auth");
                log.info(
                    "warning: {}: SASL authentication failed sasl_username={}",
                    ClientName.of(context), RelayPolicy.printable(user));
                throw new LoginFailedException();
              }
              log.info("client={} sasl_username={} authenticated", ClientName.of(context),
                  RelayPolicy.printable(user));
            });
  }

  @Override
  public List<String> getAuthenticationMechanisms() {
    return mechanisms.getAuthenticationMechanisms();
  }

  @Override
  public AuthenticationHandler create() {
    AuthenticationHandler inner = mechanisms.create();
    return new AuthenticationHandler() {
      @Override
      public Optional<String> auth(String clientInput, MessageContext context)
          throws RejectException {
        if (!(context instanceof Session s && s.isTLSStarted())) {
          metrics.rejected("auth");
          throw new RejectException(
              538, "5.7.11 Encryption required for requested authentication mechanism");
        }
        return inner.auth(clientInput, context);
      }

      @Override
      public Object getIdentity() {
        return inner.getIdentity();
      }
    };
  }
}
