package io.switchboard.scheduling;

import jakarta.enterprise.context.Dependent;
import java.time.Instant;
import org.jboss.logging.Logger;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/** Quartz's job of a post: fires one occurrence (see {@link PostFiring}). Runs on one replica of the cluster. */
@Dependent
public class PublishPostJob implements Job {

    private static final Logger LOG = Logger.getLogger(PublishPostJob.class);

    private final PostFiring firing;

    public PublishPostJob(PostFiring firing) {
        this.firing = firing;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        JobDataMap data = context.getMergedJobDataMap();
        String tenantId = data.getString(PostTriggers.TENANT);
        String postId = data.getString(PostTriggers.POST);
        Instant occurrence = Instant.parse(data.getString(PostTriggers.OCCURRENCE));
        try {
            firing.fire(tenantId, postId, occurrence, context.getTrigger().getKey());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Post %s (occurrence %s) could not be fired; trying again", postId, occurrence);
            // Firing is idempotent: run it again at once rather than lose the occurrence.
            JobExecutionException retry = new JobExecutionException(e);
            retry.setRefireImmediately(context.getRefireCount() < 5);
            throw retry;
        }
    }
}
