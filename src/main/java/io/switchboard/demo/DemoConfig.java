package io.switchboard.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The demo data of the local run. Off unless set: production never seeds; the local run
 * ({@code mvn -Plocal package}) sets {@code SWITCHBOARD_DEMO_SEED=true}.
 */
@ConfigMapping(prefix = "switchboard.demo")
public interface DemoConfig {

    /** Seed the demo tenant at start, once: a tenant that has channels already is left alone. */
    @WithDefault("false")
    boolean seed();

    /** The tenant seeded; the demo realm's users of {@code acme} work in it. */
    @WithDefault("acme")
    String tenant();
}
