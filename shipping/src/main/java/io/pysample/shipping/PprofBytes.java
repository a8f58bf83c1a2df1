package io.pysample.shipping;

import io.pysample.formats.pprof.ProfileProto;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Reads an interval's pprof bytes (gzip-compressed as stored, or plain). */
final class PprofBytes {
    private PprofBytes() {
    }

    /**
     * The decoded profile.
     *
     * @throws IllegalArgumentException if the bytes are not a (gzip) pprof profile
     */
    static ProfileProto.Profile decode(byte[] bytes) {
        boolean gzip = bytes.length >= 2 && (bytes[0] & 0xFF) == 0x1F && (bytes[1] & 0xFF) == 0x8B;
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(bytes))
                : new ByteArrayInputStream(bytes)) {
            return ProfileProto.Profile.parseFrom(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a pprof profile: " + e.getMessage(), e);
        }
    }
}
