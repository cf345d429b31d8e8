package dev.ordinal.testkit;

import java.time.Duration;
import java.time.Instant;

/**
 * The simulated clock of the cluster ({@code /ordinal/v1/clock}): every timestamp, age and delay
 * the simulation schedules (pods starting and becoming Ready, back-offs, grace periods) follows it.
 * Paused, nothing scheduled happens while the API still answers and writes; a step makes what fell
 * due happen.
 */
public final class ClusterClock {

    private final ApiConnection api;

    ClusterClock(ApiConnection api) {
        this.api = api;
    }

    /** Holds the clock where it is. */
    public void pause() {
        api.post("/ordinal/v1/clock/pause", "");
    }

    /** Lets the clock move on at its speed from where it stands. */
    public void resume() {
        api.post("/ordinal/v1/clock/resume", "");
    }

    /** Moves the clock forward at once, paused or running, and answers the time it is then. */
    public Instant step(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward, not by " + by);
        }
        return now(api.post("/ordinal/v1/clock/step?by=" + by.toNanos() + "ns", ""));
    }

    /** Simulated seconds per wall second, above 0: 10 makes a 1s delay take 100ms. */
    public void speed(double factor) {
        api.post("/ordinal/v1/clock/speed?factor=" + factor, "");
    }

    /** The time the cluster is at. */
    public Instant now() {
        return now(api.get("/ordinal/v1/clock"));
    }

    public boolean isPaused() {
        return Boolean.TRUE.equals(Json.member(Json.parse(api.get("/ordinal/v1/clock")), "paused"));
    }

    private static Instant now(String answer) {
        return Instant.parse(Json.member(Json.parse(answer), "now"));
    }
}
