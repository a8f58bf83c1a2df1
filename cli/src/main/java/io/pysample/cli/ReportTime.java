package io.pysample.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times {@code report --from/--to} accept: {@code now}; relative to now, {@code -N} with unit {@code s},
 * {@code m}, {@code h}, {@code d} or {@code w} (e.g. {@code -15m}, {@code -2h}); ISO-8601 local date-time
 * ({@code 2026-12-01T03:10}, seconds optional) or date ({@code 2026-12-01}, its midnight) in the clock's time zone;
 * or ISO-8601 with an offset ({@code 2026-12-01T03:10:00Z}, {@code …+01:00}).
 */
final class ReportTime {
    private static final Pattern RELATIVE = Pattern.compile("-(\\d{1,9})([smhdw])");

    private ReportTime() {
    }

    /** Unix epoch nanoseconds of {@code text}; {@link UserError} ({@link ExitCodes#USAGE}) if it is none of those. */
    static long parse(String option, String text, Clock clock) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        if (t.equals("now")) {
            return nanos(now);
        }
        Matcher m = RELATIVE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return nanos(now.minus(d));
        }
        try {
            return nanos(OffsetDateTime.parse(text.trim()).toInstant());
        } catch (DateTimeParseException notWithOffset) {
            // next form
        }
        try {
            return nanos(LocalDateTime.parse(text.trim()).atZone(clock.getZone()).toInstant());
        } catch (DateTimeParseException notLocal) {
            // next form
        }
        try {
            return nanos(LocalDate.parse(text.trim()).atStartOfDay(clock.getZone()).toInstant());
        } catch (DateTimeParseException e) {
            throw new UserError(ExitCodes.USAGE, option + " must be 'now', relative like -15m/-2h/-1d, or ISO-8601 "
                    + "like 2026-12-01T03:10, got '" + text + "'");
        }
    }

    static long nanos(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }
}
