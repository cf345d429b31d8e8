package dev.ordinal.machinery;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.ordinal.testing.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedClockTest {

    private static final Instant START = Instant.parse("2026-12-07T19:00:00Z");

    private final ManualClock wall = new ManualClock(START);
    private final SimulatedClock clock = new SimulatedClock(wall);

    @Test
    void followsTheWallClockUntilPausedAndFromWhereItStandsWhenResumed() {
        wall.advance(Duration.ofSeconds(5));
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(5));

        clock.pause();
        wall.advance(Duration.ofMinutes(1));
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(5));

        clock.resume();
        wall.advance(Duration.ofSeconds(2));
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(7));
    }

    @Test
    void stepsForwardPausedOrRunning() {
        clock.pause();
        assertThat(clock.step(Duration.ofSeconds(30)).now()).isEqualTo(START.plusSeconds(30));
        assertThat(clock.state().paused()).isTrue();
        clock.resume();
        wall.advance(Duration.ofSeconds(1));
        clock.step(Duration.ofMillis(500));
        assertThat(clock.instant()).isEqualTo(START.plusMillis(31_500));
        assertThatThrownBy(() -> clock.step(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSpeedFactorScalesTheWallClockFromTheMomentItIsSet() {
        wall.advance(Duration.ofSeconds(10));
        clock.speed(4);
        wall.advance(Duration.ofSeconds(10));
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(50));
        assertThat(clock.wallMillisUntil(Duration.ofSeconds(2))).isEqualTo(500);
        assertThatThrownBy(() -> clock.speed(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nothingIsDueOnTheWallWhilePausedAndEveryMoveIsTold() {
        AtomicInteger told = new AtomicInteger();
        clock.onChange(told::incrementAndGet);
        assertThat(clock.wallMillisUntil(Duration.ofMillis(1500))).isEqualTo(1500);
        assertThat(clock.wallMillisUntil(Duration.ofNanos(1))).isEqualTo(1);

        clock.pause();
        assertThat(clock.wallMillisUntil(Duration.ofSeconds(1))).isZero();
        clock.step(Duration.ofSeconds(1));
        clock.speed(2);
        clock.resume();
        assertThat(told).hasValue(4);
    }
}
