package io.pysample.agent.store;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Random;

/**
 * A writer for {@link StoreCrashTest}, run in its own JVM: appends intervals numbered from {@code args[1]} to the
 * store at {@code args[0]} until killed, printing {@code committed ID K} after each append returned.
 */
public final class StoreWriterMain {
    private StoreWriterMain() {
    }

    /** The blob of interval {@code k}: 2-3 KB that only {@code k} produces. */
    static byte[] blob(long k) {
        byte[] b = new byte[2000 + (int) (k % 1000)];
        new Random(k).nextBytes(b);
        return b;
    }

    public static void main(String[] args) throws Exception {
        try (ProfileStore store = ProfileStore.open(Path.of(args[0]), RetentionPolicy.KEEP_ALL,
                Clock.systemUTC())) {
            for (long k = Long.parseLong(args[1]);; k++) {
                long id = store.append(new NewInterval("crash", 1, "writer", Map.of("k", Long.toString(k)), k,
                        k + 1, k, blob(k)));
                System.out.println("committed " + id + " " + k);
                System.out.flush();
            }
        }
    }
}
