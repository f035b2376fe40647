package io.switchboard.scheduling;

import io.switchboard.common.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Date;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * The Quartz side of posts: one durable job per post (key: the post's id) with one trigger for the post's next
 * occurrence. Quartz runs in clustered JDBC mode with container-managed transactions, so a trigger is stored or
 * removed in the caller's transaction, together with the post's own change: a rolled-back change plans nothing.
 * Each occurrence has a trigger of its own name, so planning the next occurrence while the current one fires
 * never touches the firing trigger.
 */
@ApplicationScoped
class PostTriggers {

    static final String GROUP = "posts";
    static final String TENANT = "tenant";
    static final String POST = "post";
    static final String OCCURRENCE = "occurrence";

    private final Scheduler quartz;

    PostTriggers(Scheduler quartz) {
        this.quartz = quartz;
    }

    /**
     * Sets the post's one trigger to {@code occurrence}: its other triggers are removed, except {@code firing} (the
     * trigger being executed, which Quartz removes when it completes). Call inside a transaction.
     */
    void plan(String tenantId, String postId, Instant occurrence, TriggerKey firing) {
        JobKey job = JobKey.jobKey(postId, GROUP);
        JobDetail detail = JobBuilder.newJob(PublishPostJob.class)
                .withIdentity(job)
                .withDescription("Publishes post " + postId + " of tenant " + tenantId)
                .usingJobData(TENANT, tenantId)
                .usingJobData(POST, postId)
                .storeDurably()
                // A replica that dies while publishing leaves the job to another; firing is idempotent.
                .requestRecovery()
                .build();
        TriggerKey key = TriggerKey.triggerKey(postId + "@" + occurrence.toEpochMilli() + "#" + Ids.newId(), GROUP);
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(key)
                .forJob(job)
                .usingJobData(OCCURRENCE, occurrence.toString())
                .startAt(Date.from(occurrence))
                // Late (every replica was down, or busy): fire at once; the job decides between publishing late
                // within the grace period and MISSED.
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            for (Trigger old : quartz.getTriggersOfJob(job)) {
                if (!old.getKey().equals(firing)) {
                    quartz.unscheduleJob(old.getKey());
                }
            }
            quartz.addJob(detail, true);
            quartz.scheduleJob(trigger);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not plan post " + postId + " at " + occurrence, e);
        }
    }

    /** Removes the post's job and its triggers (nothing more is planned for it). Call inside a transaction. */
    void unplan(String postId) {
        try {
            quartz.deleteJob(JobKey.jobKey(postId, GROUP));
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not remove the schedule of post " + postId, e);
        }
    }

    /** When the post's trigger will fire next, if it has one (for checks and tests). */
    Instant planned(String postId) {
        try {
            return quartz.getTriggersOfJob(JobKey.jobKey(postId, GROUP)).stream()
                    .map(Trigger::getNextFireTime)
                    .filter(java.util.Objects::nonNull)
                    .map(Date::toInstant)
                    .min(Instant::compareTo)
                    .orElse(null);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not read the schedule of post " + postId, e);
        }
    }
}
