package io.pysample.agent.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The store's tables. Times are Unix epoch nanoseconds. {@code interval}: one row per process per interval with
 * its pprof blob; {@code interval_label}: its {@code key=value} tags; {@code shipment}: which back end acknowledged
 * which interval (a row exists only after acknowledgement or a final rejection). Deleting an interval deletes its labels and shipments.
 */
final class StoreSchema {
    /**
     * Stored in {@code PRAGMA user_version}; a store written by a newer pysample is refused. Version 2 added the
     * shipping columns ({@link #V2_COLUMNS}, {@code shipment.rejection}); a version 1 store is upgraded when opened
     * for writing and read with defaults for them otherwise.
     */
    static final int VERSION = 2;

    /**
     * Version 2's columns of {@code interval}: CPython version, host name, sample type ({@code process_cpu} or
     * {@code wall}, empty if unknown) and sampling rate (samples per second, 0 if unknown).
     */
    static final String[] V2_COLUMNS = {
        "python_version TEXT NOT NULL DEFAULT ''",
        "host_name TEXT NOT NULL DEFAULT ''",
        "sample_type TEXT NOT NULL DEFAULT ''",
        "rate_hz REAL NOT NULL DEFAULT 0",
    };

    private static final String[] DDL = {
        "CREATE TABLE IF NOT EXISTS interval ("
            + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
            + " service TEXT NOT NULL,"
            + " pid INTEGER NOT NULL,"
            + " command_line TEXT NOT NULL,"
            + " start_ns INTEGER NOT NULL,"
            + " end_ns INTEGER NOT NULL,"
            + " samples INTEGER NOT NULL,"
            + " pprof BLOB NOT NULL)",
        "CREATE INDEX IF NOT EXISTS interval_start ON interval (start_ns)",
        "CREATE INDEX IF NOT EXISTS interval_end ON interval (end_ns)",
        "CREATE INDEX IF NOT EXISTS interval_service_start ON interval (service, start_ns)",
        "CREATE INDEX IF NOT EXISTS interval_pid_start ON interval (pid, start_ns)",
        "CREATE TABLE IF NOT EXISTS interval_label ("
            + " interval_id INTEGER NOT NULL REFERENCES interval (id) ON DELETE CASCADE,"
            + " key TEXT NOT NULL,"
            + " value TEXT NOT NULL,"
            + " PRIMARY KEY (interval_id, key)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS interval_label_kv ON interval_label (key, value)",
        "CREATE TABLE IF NOT EXISTS shipment ("
            + " backend TEXT NOT NULL,"
            + " interval_id INTEGER NOT NULL REFERENCES interval (id) ON DELETE CASCADE,"
            + " acknowledged_ns INTEGER NOT NULL,"
            + " PRIMARY KEY (backend, interval_id)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS shipment_interval ON shipment (interval_id)",
    };

    /** Version 1 to 2; {@code rejection}: null for an acknowledgement, else why the back end refused it for good. */
    private static final String[] UPGRADE_TO_2 = {
        "ALTER TABLE interval ADD COLUMN " + V2_COLUMNS[0],
        "ALTER TABLE interval ADD COLUMN " + V2_COLUMNS[1],
        "ALTER TABLE interval ADD COLUMN " + V2_COLUMNS[2],
        "ALTER TABLE interval ADD COLUMN " + V2_COLUMNS[3],
        "ALTER TABLE shipment ADD COLUMN rejection TEXT",
    };

    private StoreSchema() {
    }

    /**
     * Keeps the write-ahead log a small part of a size-limited store: checkpointed after {@code maxBytes / 16}
     * (at most SQLite's default of 1000 pages) and truncated back to that size afterwards.
     */
    static void limitWal(Connection c, long maxBytes) throws SQLException {
        if (maxBytes <= 0) {
            return;
        }
        try (Statement s = c.createStatement()) {
            long pageSize;
            try (var rs = s.executeQuery("PRAGMA page_size")) {
                pageSize = rs.next() ? rs.getLong(1) : 4096;
            }
            long pages = Math.max(16, Math.min(1000, maxBytes / 16 / pageSize));
            s.execute("PRAGMA wal_autocheckpoint = " + pages);
            s.execute("PRAGMA journal_size_limit = " + pages * pageSize);
        }
    }

    /**
     * Sets the connection up: WAL (readers never block the writer and a killed writer loses only its open
     * transaction), {@code synchronous=NORMAL} (durable against a crash of the process, which is what WAL needs),
     * foreign keys, a busy timeout, full auto-vacuum (each commit that deleted intervals gives their pages back to
     * the file system: retention can keep the file's size), then creates missing tables.
     */
    static int prepare(Connection c, boolean create) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            if (create) {
                // Only takes effect on an empty database: before the first table.
                s.execute("PRAGMA auto_vacuum = FULL");
            }
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = NORMAL");
            s.execute("PRAGMA foreign_keys = ON");
            int version;
            try (var rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > VERSION) {
                throw new SQLException("the store has format " + version + "; this pysample reads up to "
                        + VERSION);
            }
            if (create && version < VERSION) {
                c.setAutoCommit(false);
                // A new store gets version 1's tables and is upgraded like an old one: one path to test.
                for (String ddl : DDL) {
                    s.execute(ddl);
                }
                for (String ddl : UPGRADE_TO_2) {
                    s.execute(ddl);
                }
                s.execute("PRAGMA user_version = " + VERSION);
                c.commit();
                c.setAutoCommit(true);
                return VERSION;
            } else if (version == 0) {
                throw new SQLException("not a pysample profile store");
            }
            return version;
        }
    }
}
