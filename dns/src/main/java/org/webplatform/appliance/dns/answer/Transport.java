package org.webplatform.appliance.dns.answer;

/** How a query arrived; decides the response size limit (UDP: EDNS/512, TCP: 65535). */
public enum Transport {
  UDP,
  TCP
}
