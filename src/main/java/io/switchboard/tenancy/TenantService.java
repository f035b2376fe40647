package io.switchboard.tenancy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.common.error.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Pattern;

@ApplicationScoped
public class TenantService {

    /** Tenant ids are slugs: they appear in tokens, logs and URLs. */
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    /** Reads and writes the stored business hours (plain records, no settings needed). */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EntityManager em;
    private final Clock clock;
    private final Event<TenantTimeZoneChanged> zoneChanged;

    public TenantService(EntityManager em, Clock clock, Event<TenantTimeZoneChanged> zoneChanged) {
        this.em = em;
        this.clock = clock;
        this.zoneChanged = zoneChanged;
    }

    public static boolean isValidId(String tenantId) {
        return tenantId != null && TENANT_ID.matcher(tenantId).matches();
    }

    /** Creates the tenant on its first request; a concurrent first request of the same tenant is harmless. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void ensureExists(String tenantId) {
        em.createNativeQuery("INSERT IGNORE INTO tenant (id, name, time_zone, created_at) VALUES (?1, ?1, 'UTC', ?2)")
                .setParameter(1, tenantId)
                .setParameter(2, clock.instant())
                .executeUpdate();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Tenant> find(String tenantId) {
        return Optional.ofNullable(em.find(Tenant.class, tenantId));
    }

    /** Sets the tenant's IANA time zone; observers re-bucket what they keep per local day in this transaction. */
    @Transactional
    public Tenant setTimeZone(String tenantId, String timeZone) {
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone.strip());
        } catch (DateTimeException e) {
            throw InvalidRequestException.ofField("timeZone", "must be an IANA time zone id such as Europe/Berlin");
        }
        if (!zone.getId().contains("/") && !"UTC".equals(zone.getId())) {
            // Offsets such as +01:00 have no daylight-saving rules: a region id says what the tenant means.
            throw InvalidRequestException.ofField("timeZone", "must be a region id such as Europe/Berlin, or UTC");
        }
        Tenant tenant = em.find(Tenant.class, tenantId, LockModeType.PESSIMISTIC_WRITE);
        boolean changed = !zone.getId().equals(tenant.timeZone);
        tenant.timeZone = zone.getId();
        if (changed) {
            zoneChanged.fire(new TenantTimeZoneChanged(tenantId, zone));
        }
        return tenant;
    }

    /** Whether the tenant's posts need a manager's approval before they are scheduled (the publishing setting). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean postApprovalRequired(String tenantId) {
        Object required = em.createNativeQuery("SELECT post_approval_required FROM tenant WHERE id = ?1")
                .setParameter(1, tenantId)
                .getSingleResult();
        return required instanceof Boolean b ? b : ((Number) required).intValue() != 0;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void setPostApprovalRequired(String tenantId, boolean required) {
        em.createNativeQuery("UPDATE tenant SET post_approval_required = ?1 WHERE id = ?2")
                .setParameter(1, required)
                .setParameter(2, tenantId)
                .executeUpdate();
    }

    /** The tenant's business hours in its zone; always open unless set. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public BusinessHours businessHours(String tenantId) {
        return find(tenantId).map(TenantService::businessHours).orElseGet(() -> BusinessHours.always(ZoneOffset.UTC));
    }

    static BusinessHours businessHours(Tenant tenant) {
        ZoneId zone = ZoneId.of(tenant.timeZone);
        if (tenant.businessHours == null) {
            return BusinessHours.always(zone);
        }
        try {
            return BusinessHours.of(
                    zone,
                    JSON.readValue(tenant.businessHours, WeeklyHours.class).days());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tenant " + tenant.id + " has unreadable business hours", e);
        }
    }

    /** Sets the tenant's weekly opening hours (validated as a whole: nothing is stored on an error). */
    @Transactional
    public Tenant setBusinessHours(String tenantId, WeeklyHours week) {
        Tenant tenant = em.find(Tenant.class, tenantId, LockModeType.PESSIMISTIC_WRITE);
        BusinessHours hours = BusinessHours.of(ZoneId.of(tenant.timeZone), week.days());
        try {
            tenant.businessHours = JSON.writeValueAsString(WeeklyHours.of(hours));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return tenant;
    }

    /** Clears the tenant's opening hours: always open again. */
    @Transactional
    public Tenant clearBusinessHours(String tenantId) {
        Tenant tenant = em.find(Tenant.class, tenantId, LockModeType.PESSIMISTIC_WRITE);
        tenant.businessHours = null;
        return tenant;
    }

    /** The tenant's zone for reports (UTC unless set). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ZoneId timeZone(String tenantId) {
        return find(tenantId).map(t -> ZoneId.of(t.timeZone)).orElse(ZoneOffset.UTC);
    }
}
