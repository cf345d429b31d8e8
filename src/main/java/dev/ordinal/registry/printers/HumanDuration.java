package dev.ordinal.registry.printers;

import java.time.Duration;

/**
 * Upstream's {@code duration.HumanDuration}: a duration as two or three significant figures, the
 * form of every AGE and LAST SEEN cell. The precision falls as the duration grows: seconds up to two
 * minutes, minutes and seconds under ten minutes, minutes under three hours, hours and minutes under
 * eight hours, hours under two days, days and hours under eight days, days under two years, years
 * and days under eight years, then years.
 */
public final class HumanDuration {

    private HumanDuration() {
    }

    public static String format(Duration duration) {
        // Whole seconds truncated toward zero, as Go's int(d.Seconds()). A clock up to two seconds
        // behind the creator's still reads as "now".
        long seconds = duration.getSeconds() < 0 && duration.getNano() > 0
                ? duration.getSeconds() + 1 : duration.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long days = hours / 24 % 365;
            return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
        }
        return hours / 24 / 365 + "y";
    }
}
