package org.webplatform.appliance.dns.forward;

import org.xbill.DNS.Name;

/**
 * What a forwarded answer is cached and coalesced under: the question, class IN implied. {@link
 * Name#equals} ignores case, so {@code WwW.example.com} and {@code www.example.com} are one key.
 */
record CacheKey(Name name, int type) {}
