package dev.ordinal.machinery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one clock of the simulated cluster: it follows the wall clock at a speed factor, and can be
 * paused, stepped and resumed. Everything the simulation schedules (the kubelets' delays and
 * back-offs, grace periods, minReadySeconds) is due at a moment of this clock, and every timestamp
 * the server writes or prints comes from it, so a paused cluster holds still while its API keeps
 * answering and writing, and a step makes exactly what fell due happen.
 *
 * <p>Whoever waits for a moment of this clock waits {@link #wallMillisUntil} on the wall, and
 * looks again when {@link #onChange} says the clock was paused, stepped, resumed or sped up.
 */
public final class SimulatedClock extends Clock {

    private final Clock wall;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Timeline timeline;

    public SimulatedClock(Clock wall) {
        this.wall = wall;
        this.timeline = new Timeline(wall.instant(), wall.instant(), 1.0, false);
    }

    /** Where the clock stands: simulated {@code at} when the wall showed {@code wallAt}, moving at {@code speed}. */
    private record Timeline(Instant at, Instant wallAt, double speed, boolean paused) {

        Instant now(Instant wallNow) {
            if (paused) {
                return at;
            }
            long elapsed = Duration.between(wallAt, wallNow).toNanos();
            return at.plusNanos(Math.round(elapsed * speed));
        }
    }

    /** What the clock shows and how it moves. */
    public record State(Instant now, boolean paused, double speed) {
    }

    @Override
    public Instant instant() {
        return timeline.now(wall.instant());
    }

    public State state() {
        Timeline current = timeline;
        return new State(current.now(wall.instant()), current.paused(), current.speed());
    }

    /** Stops the clock: nothing the simulation schedules falls due until it moves again. */
    public State pause() {
        return change((line, now, wallNow) -> new Timeline(now, wallNow, line.speed(), true));
    }

    /** Moves the clock on at its speed again, from where it stands. */
    public State resume() {
        return change((line, now, wallNow) -> new Timeline(now, wallNow, line.speed(), false));
    }

    /** Moves the clock forward by {@code duration} at once, paused or not. */
    public State step(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward, not by " + duration);
        }
        return change((line, now, wallNow) -> new Timeline(now.plus(duration), wallNow, line.speed(), line.paused()));
    }

    /** Simulated seconds per wall second from now on. */
    public State speed(double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("the speed must be a positive number, not " + speed);
        }
        return change((line, now, wallNow) -> new Timeline(now, wallNow, speed, line.paused()));
    }

    /** How a change makes the next timeline from the current one, at the moment it is made. */
    @FunctionalInterface
    private interface Change {
        Timeline next(Timeline current, Instant now, Instant wallNow);
    }

    private State change(Change change) {
        synchronized (this) {
            Instant wallNow = wall.instant();
            Timeline current = timeline;
            timeline = change.next(current, current.now(wallNow), wallNow);
        }
        listeners.forEach(Runnable::run);
        return state();
    }

    /**
     * How many wall milliseconds until {@code simulated} time has passed at the current speed,
     * rounded up; 0 while paused, meaning none: {@link #onChange} tells when the clock moves.
     */
    public long wallMillisUntil(Duration simulated) {
        Timeline current = timeline;
        if (current.paused()) {
            return 0;
        }
        double nanos = simulated.toNanos() / current.speed();
        return Math.max(1, (long) Math.ceil(nanos / 1_000_000));
    }

    /** Runs {@code listener} after every pause, step, resume and change of speed. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** Always this clock: the zone is only how instants are shown, and they are shown in UTC. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
