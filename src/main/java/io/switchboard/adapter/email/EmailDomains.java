package io.switchboard.adapter.email;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.common.SwitchboardConfig;
import io.switchboard.tenancy.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;
import org.jboss.logging.Logger;

/**
 * Which domains a tenant may send email from. An EMAIL channel sends (replies, broadcasts) only from a domain the
 * tenant proved it owns — by publishing the token the service issued as a TXT record at {@code
 * _switchboard-verification.<domain>} — or that the platform vouches for ({@code switchboard.email.verified-domains}).
 * Otherwise any tenant could send as any company through the platform's relay. Inbound mail needs no proof.
 */
@ApplicationScoped
public class EmailDomains {

    /** The DNS name whose TXT record proves ownership of {@code domain}. */
    public static String recordName(String domain) {
        return "_switchboard-verification." + domain;
    }

    /** The value the TXT record must have. */
    public static String recordValue(String token) {
        return "switchboard-verification=" + token;
    }

    private static final Logger LOG = Logger.getLogger(EmailDomains.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EntityManager em;
    private final TenantContext tenant;
    private final TxtRecords dns;
    private final Clock clock;
    private final List<String> vouched;
    /** tenant|domain → verified; only positive answers are kept, so a verification counts at once. */
    private final Cache<String, Boolean> verified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(1))
            .build();

    public EmailDomains(EntityManager em, TenantContext tenant, TxtRecords dns, Clock clock, SwitchboardConfig config) {
        this.em = em;
        this.tenant = tenant;
        this.dns = dns;
        this.clock = clock;
        this.vouched = config.email().verifiedDomains().orElse(List.of()).stream()
                .map(d -> d.trim().toLowerCase(Locale.ROOT))
                .filter(d -> !d.isEmpty())
                .toList();
    }

    /** The domain of an address ({@code Support@Acme.example} → {@code acme.example}). */
    public static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return address.substring(at + 1).trim().toLowerCase(Locale.ROOT);
    }

    /** Whether the current tenant may send from {@code domain}. Cached for a minute once true. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean maySendFrom(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (vouchedByPlatform(d)) {
            return true;
        }
        String key = tenant.require() + "|" + d;
        if (verified.getIfPresent(key) != null) {
            return true;
        }
        boolean ok = verifiedAt(d).isPresent();
        if (ok) {
            verified.put(key, true);
        }
        return ok;
    }

    /** The domain's status, with its token (issued now if the tenant never asked before). */
    @Transactional
    public EmailDomainView status(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        ensureToken(d);
        return read(d);
    }

    /** Looks the TXT record up now; the domain is verified when one of its values is the expected one. */
    @Transactional
    public EmailDomainView check(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        ensureToken(d);
        EmailDomainView before = read(d);
        String expected = before.recordValue();
        String error = null;
        boolean found = false;
        try {
            List<String> values = dns.lookup(before.recordName());
            found = values.stream().anyMatch(v -> v.trim().equals(expected));
            if (!found) {
                error = values.isEmpty()
                        ? "No TXT record at " + before.recordName()
                        : "The TXT records at " + before.recordName() + " do not include " + expected;
            }
        } catch (TxtRecords.LookupFailed e) {
            LOG.infof("Domain verification of %s: %s", d, e.getMessage());
            error = "DNS did not answer for " + before.recordName() + "; try again later";
        }
        Instant now = clock.instant();
        em.createNativeQuery("UPDATE email_domain SET checked_at = ?1, last_error = ?2,"
                        + " verified_at = CASE WHEN ?3 THEN COALESCE(verified_at, ?1) ELSE verified_at END"
                        + " WHERE tenant_id = ?4 AND domain = ?5")
                .setParameter(1, now)
                .setParameter(2, error)
                .setParameter(3, found)
                .setParameter(4, tenant.require())
                .setParameter(5, d)
                .executeUpdate();
        verified.invalidate(tenant.require() + "|" + d);
        return read(d);
    }

    /** Why the current tenant may not send from {@code address} yet, in words an operator can act on. */
    public Optional<String> refusal(String address) {
        String domain = domainOf(address);
        if (maySendFrom(domain)) {
            return Optional.empty();
        }
        return Optional.of("The domain " + domain + " of " + address + " is not verified, so this channel cannot send"
                + " yet. Publish a TXT record at " + recordName(domain) + " with the value shown by GET"
                + " /api/v1/channels/{id}/domain-verification, then POST to the same path to verify it.");
    }

    private boolean vouchedByPlatform(String domain) {
        for (String v : vouched) {
            if (v.startsWith("*.") ? domain.endsWith(v.substring(1)) : domain.equals(v)) {
                return true;
            }
        }
        return false;
    }

    private Optional<Instant> verifiedAt(String domain) {
        List<?> rows = em.createNativeQuery("SELECT verified_at FROM email_domain WHERE tenant_id = ?1 AND domain = ?2"
                        + " AND verified_at IS NOT NULL")
                .setParameter(1, tenant.require())
                .setParameter(2, domain)
                .unwrap(NativeQuery.class)
                .addScalar("verified_at", StandardBasicTypes.INSTANT)
                .getResultList();
        return rows.stream().map(Instant.class::cast).findFirst();
    }

    private void ensureToken(String domain) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        em.createNativeQuery("INSERT IGNORE INTO email_domain (tenant_id, domain, token, created_at)"
                        + " VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, tenant.require())
                .setParameter(2, domain)
                .setParameter(3, token)
                .setParameter(4, clock.instant())
                .executeUpdate();
    }

    private EmailDomainView read(String domain) {
        Row row = (Row) em.createNativeQuery("SELECT token, verified_at, checked_at, last_error FROM email_domain"
                        + " WHERE tenant_id = ?1 AND domain = ?2")
                .setParameter(1, tenant.require())
                .setParameter(2, domain)
                .unwrap(NativeQuery.class)
                .addScalar("token", StandardBasicTypes.STRING)
                .addScalar("verified_at", StandardBasicTypes.INSTANT)
                .addScalar("checked_at", StandardBasicTypes.INSTANT)
                .addScalar("last_error", StandardBasicTypes.STRING)
                .setTupleTransformer((tuple, aliases) ->
                        new Row((String) tuple[0], (Instant) tuple[1], (Instant) tuple[2], (String) tuple[3]))
                .getSingleResult();
        boolean vouchedByPlatform = vouchedByPlatform(domain);
        return new EmailDomainView(
                domain,
                recordName(domain),
                recordValue(row.token()),
                vouchedByPlatform || row.verifiedAt() != null,
                vouchedByPlatform,
                row.verifiedAt(),
                row.checkedAt(),
                row.lastError());
    }

    private record Row(String token, Instant verifiedAt, Instant checkedAt, String lastError) {}
}
