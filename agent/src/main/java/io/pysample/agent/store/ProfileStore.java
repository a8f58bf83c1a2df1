package io.pysample.agent.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The agent's local profile store: a SQLite database (xerial {@code sqlite-jdbc}) in WAL mode holding one gzip
 * pprof profile per process per interval ({@link StoreSchema}; times in Unix epoch nanoseconds). Each append is
 * one transaction, so a writer killed at any moment (even {@code kill -9}) loses at most the interval it was
 * writing and leaves a consistent database; readers (another process running {@code pysample report}) read
 * while the writer writes.
 *
 * <p>Retention ({@link RetentionPolicy}) is enforced while writing: the size limit after every append that left
 * the store over it, the age limit when the clock has moved on by a minute since the last check; the clock is
 * injectable. Shipment bookkeeping for back ends: {@link #unsent} lists the intervals a back end has not
 * has neither acknowledged nor rejected, oldest first; {@link #markSent} records an acknowledgement and
 * {@link #markRejected} a final refusal, after which the interval is never listed for that back end again.
 *
 * <p>One connection, methods synchronized: safe to share between the agent's threads.
 */
public final class ProfileStore implements AutoCloseable {
    private static final long AGE_CHECK_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final String BASE_COLUMNS = "i.id, i.service, i.pid, i.command_line, i.start_ns, i.end_ns, "
            + "i.samples";
    private static final String V2_COLUMNS = ", i.python_version, i.host_name, i.sample_type, i.rate_hz";
    /** A version 1 store read without upgrading it: its intervals' source is unknown. */
    private static final String V1_DEFAULTS = ", '', '', '', 0.0";

    /** Index of {@code i.pprof} in a select of the columns and the profile. */
    private static final int PROFILE_COLUMN = 12;
    /** Not settled (acknowledged or rejected) by the back end bound to the first parameter. */
    private static final String UNSENT = "NOT EXISTS (SELECT 1 FROM shipment s WHERE s.backend = ? "
            + "AND s.interval_id = i.id)";

    private final Path file;
    private final Connection c;
    private final Clock clock;
    private final StoreRetention retention;
    /** The columns every read selects (the profile, when asked for, comes last). */
    private final String columns;
    private long lastAgeCheck;

    private ProfileStore(Path file, Connection c, RetentionPolicy policy, Clock clock, int version) {
        this.file = file;
        this.c = c;
        this.columns = BASE_COLUMNS + (version >= 2 ? V2_COLUMNS : V1_DEFAULTS);
        this.clock = clock;
        this.retention = new StoreRetention(c, file, policy);
    }

    /**
     * Opens the store at {@code file} for writing, creating it (and its directory) if missing, and applies the
     * retention policy once.
     */
    public static ProfileStore open(Path file, RetentionPolicy policy, Clock clock) throws StoreException {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of profile store " + file + ": " + e, e);
        }
        ProfileStore store = connect(file, true, policy, clock);
        try {
            store.enforceRetention();
        } catch (StoreException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Opens an existing store to read it (nothing is ever deleted through it). */
    public static ProfileStore openExisting(Path file) throws StoreException {
        if (!Files.isRegularFile(file)) {
            throw new StoreException("no profile store at " + file);
        }
        return connect(file, false, RetentionPolicy.KEEP_ALL, Clock.systemUTC());
    }

    private static ProfileStore connect(Path file, boolean create, RetentionPolicy policy, Clock clock)
            throws StoreException {
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            int version = StoreSchema.prepare(c, create);
            StoreSchema.limitWal(c, policy.maxBytes());
            return new ProfileStore(file, c, policy, clock, version);
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // reporting the first error
                }
            }
            throw new StoreException("cannot open profile store " + file + ": " + e.getMessage(), e);
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** Stores one interval (one transaction) and applies retention; returns its id. */
    public synchronized long append(NewInterval i) throws StoreException {
        long id;
        try {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO interval (service, pid, command_line, "
                    + "start_ns, end_ns, samples, pprof, python_version, host_name, sample_type, rate_hz) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, i.service());
                ps.setInt(2, i.pid());
                ps.setString(3, i.commandLine());
                ps.setLong(4, i.startNanos());
                ps.setLong(5, i.endNanos());
                ps.setLong(6, i.samples());
                ps.setBytes(7, i.pprof());
                ps.setString(8, i.source().pythonVersion());
                ps.setString(9, i.source().hostName());
                ps.setString(10, i.source().sampleType());
                ps.setDouble(11, i.source().rateHz());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO interval_label (interval_id, key, value) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, String> l : i.labels().entrySet()) {
                    ps.setLong(1, id);
                    ps.setString(2, l.getKey());
                    ps.setString(3, l.getValue());
                    ps.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException e) {
            rollback();
            throw fail("write", e);
        } finally {
            autoCommit();
        }
        enforceRetention(false);
        return id;
    }

    /** Applies the whole retention policy now; returns the intervals deleted. */
    public synchronized int enforceRetention() throws StoreException {
        return enforceRetention(true);
    }

    private int enforceRetention(boolean force) throws StoreException {
        long now = nowNanos();
        try {
            int deleted = 0;
            if (force || now - lastAgeCheck >= AGE_CHECK_NANOS) {
                lastAgeCheck = now;
                deleted += retention.byAge(now);
            }
            return deleted + retention.bySize();
        } catch (SQLException e) {
            throw fail("apply retention to", e);
        }
    }

    /** Metadata of the matching intervals, oldest first, without their profiles. */
    public synchronized List<StoredInterval> find(IntervalQuery q) throws StoreException {
        List<StoredInterval> out = new ArrayList<>();
        try {
            select(q, false, out::add);
        } catch (StoreException e) {
            throw e;
        } catch (IOException e) {
            throw new StoreException(e.getMessage(), e); // not thrown: adding to a list
        }
        return out;
    }

    /** Calls {@code visitor} with each matching interval and its profile, oldest first (one blob at a time). */
    public synchronized void forEach(IntervalQuery q, IntervalVisitor visitor) throws IOException {
        select(q, true, visitor);
    }

    private void select(IntervalQuery q, boolean withProfile, IntervalVisitor visitor) throws IOException {
        StringBuilder sql = new StringBuilder("SELECT " + columns + (withProfile ? ", i.pprof" : "")
                + " FROM interval i WHERE i.end_ns > ? AND i.start_ns < ?");
        List<Object> args = new ArrayList<>(List.of(q.fromNanos(), q.toNanos()));
        if (q.service() != null) {
            sql.append(" AND i.service = ?");
            args.add(q.service());
        }
        if (q.pid() != null) {
            sql.append(" AND i.pid = ?");
            args.add(q.pid());
        }
        for (Map.Entry<String, String> t : q.tags().entrySet()) {
            sql.append(" AND EXISTS (SELECT 1 FROM interval_label l WHERE l.interval_id = i.id AND l.key = ? "
                    + "AND l.value = ?)");
            args.add(t.getKey());
            args.add(t.getValue());
        }
        sql.append(" ORDER BY i.start_ns, i.id");
        // A read transaction: one consistent snapshot of the store while a writer goes on (WAL).
        try {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int a = 0; a < args.size(); a++) {
                    ps.setObject(a + 1, args.get(a));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        visitor.visit(row(rs, withProfile ? rs.getBytes(PROFILE_COLUMN) : null));
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            rollback();
            throw fail("read", e);
        } finally {
            autoCommit();
        }
    }

    /**
     * Up to {@code limit} intervals (with profiles) that {@code backend} has neither acknowledged nor rejected,
     * oldest first (by start, then id).
     */
    public synchronized List<StoredInterval> unsent(String backend, int limit) throws StoreException {
        List<StoredInterval> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + columns + ", i.pprof FROM interval i WHERE "
                + UNSENT + " ORDER BY i.start_ns, i.id LIMIT ?")) {
            ps.setString(1, backend);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs, rs.getBytes(PROFILE_COLUMN)));
                }
            }
        } catch (SQLException e) {
            throw fail("read", e);
        }
        return out;
    }

    /** How many intervals {@code backend} has neither acknowledged nor rejected. */
    public synchronized long countUnsent(String backend) throws StoreException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM interval i WHERE " + UNSENT)) {
            ps.setString(1, backend);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw fail("read", e);
        }
    }

    /**
     * Records that {@code backend} acknowledged interval {@code id}; false if it already had (or rejected it), or
     * the interval no longer exists (deleted by retention).
     */
    public synchronized boolean markSent(String backend, long id) throws StoreException {
        return settle(backend, id, null);
    }

    /**
     * Records that {@code backend} refused interval {@code id} for good, with the reason: it is no longer listed
     * as unsent. False if it was already settled or no longer exists.
     */
    public synchronized boolean markRejected(String backend, long id, String reason) throws StoreException {
        return settle(backend, id, reason == null ? "" : reason);
    }

    private boolean settle(String backend, long id, String rejection) throws StoreException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO shipment (backend, interval_id, "
                + "acknowledged_ns, rejection) SELECT ?, id, ?, ? FROM interval WHERE id = ?")) {
            ps.setString(1, backend);
            ps.setLong(2, nowNanos());
            ps.setString(3, rejection);
            ps.setLong(4, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw fail("write", e);
        }
    }

    /** The database file plus its write-ahead log, in bytes. */
    public synchronized long fileBytes() {
        return retention.fileBytes();
    }

    /** {@code PRAGMA integrity_check}: {@code "ok"} or the problems found, one per line. */
    public synchronized String integrityCheck() throws StoreException {
        StringBuilder sb = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            while (rs.next()) {
                sb.append(sb.length() > 0 ? "\n" : "").append(rs.getString(1));
            }
        } catch (SQLException e) {
            throw fail("check", e);
        }
        return sb.toString();
    }

    private StoredInterval row(ResultSet rs, byte[] pprof) throws SQLException {
        long id = rs.getLong(1);
        IntervalSource source = new IntervalSource(rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getDouble(11));
        return new StoredInterval(id, rs.getString(2), rs.getInt(3), rs.getString(4), labels(id), rs.getLong(5),
                rs.getLong(6), rs.getLong(7), pprof, source);
    }

    private Map<String, String> labels(long id) throws SQLException {
        Map<String, String> labels = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT key, value FROM interval_label WHERE interval_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    labels.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return labels;
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private void rollback() {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the original error is reported
        }
    }

    private void autoCommit() {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is broken; the next call reports it
        }
    }

    private StoreException fail(String what, SQLException e) {
        return new StoreException("cannot " + what + " profile store " + file + ": " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing left to lose: every append was committed
        }
    }

    /** Receives one stored interval. */
    @FunctionalInterface
    public interface IntervalVisitor {
        void visit(StoredInterval interval) throws IOException;
    }
}
