package io.pysample.agent.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a {@link RetentionPolicy} to an open store: deletes intervals that ended before {@code now - maxAge},
 * then, while the database file plus its write-ahead log is larger than {@code maxBytes}, the oldest intervals
 * (down to {@value #TARGET_PERCENT}% of the limit, so that it does not run on every append), giving the freed
 * pages back to the file system ({@code auto_vacuum = FULL}, then a truncating WAL checkpoint).
 */
final class StoreRetention {
    static final int TARGET_PERCENT = 85;
    /** Bytes a row costs besides its blob (row, indexes, labels), for choosing how many rows to delete. */
    private static final long ROW_OVERHEAD = 256;
    private static final int MAX_ROUNDS = 64;

    private final Connection c;
    private final Path db;
    private final RetentionPolicy policy;

    StoreRetention(Connection c, Path db, RetentionPolicy policy) {
        this.c = c;
        this.db = db;
        this.policy = policy;
    }

    /** Deletes by age; returns the intervals deleted. */
    int byAge(long nowNanos) throws SQLException {
        if (policy.maxAge() == null) {
            return 0;
        }
        long limit = nowNanos - policy.maxAge().toNanos();
        int n;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM interval WHERE end_ns < ?")) {
            ps.setLong(1, limit);
            n = ps.executeUpdate();
        }
        if (n > 0) {
            compact();
        }
        return n;
    }

    /** Deletes the oldest intervals while the store is over its size; returns the intervals deleted. */
    int bySize() throws SQLException {
        if (policy.maxBytes() == 0 || fileBytes() <= policy.maxBytes()) {
            return 0;
        }
        int deleted = 0;
        long target = policy.maxBytes() / 100 * TARGET_PERCENT;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            long excess = fileBytes() - target;
            if (excess <= 0) {
                break;
            }
            List<Long> ids = oldest(excess);
            if (ids.isEmpty()) {
                break;
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM interval WHERE id <= ?")) {
                ps.setLong(1, ids.get(ids.size() - 1));
                deleted += ps.executeUpdate();
            }
            compact();
        }
        return deleted;
    }

    /** The ids, oldest first, of the fewest oldest intervals whose bytes add up to {@code bytes} (at least one). */
    private List<Long> oldest(long bytes) throws SQLException {
        List<Long> ids = new ArrayList<>();
        long sum = 0;
        // Oldest by id (insertion order), which is what "DELETE ... WHERE id <= ?" removes.
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, length(pprof) FROM interval ORDER BY id")) {
            while (rs.next() && sum < bytes) {
                ids.add(rs.getLong(1));
                sum += rs.getLong(2) + ROW_OVERHEAD;
            }
        }
        return ids;
    }

    /**
     * Folds the WAL into the database, truncating both: with {@code auto_vacuum = FULL} the delete's commit moved
     * the freed pages to the end of the database, which the checkpoint cuts off.
     */
    private void compact() throws SQLException {
        try (Statement s = c.createStatement()) {
            // With a reader active the checkpoint may stop early; the next one catches up.
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    /** Database file plus write-ahead log, in bytes. */
    long fileBytes() {
        return size(db) + size(Path.of(db + "-wal"));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
