package io.pysample.remote;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pysample.remote.RemoteExecException.Reason;
import java.io.IOException;

/**
 * Reads a result file as JSON and checks it against its {@link JsonShape}. The file lies in a directory the
 * target's user owns, so its content is the target's word: its code or an audit hook
 * ({@code cpython.remote_debugger_script}) may have replaced pysample's result. Parsing is bounded (nesting depth
 * {@value #MAX_DEPTH}, no duplicate members, nothing after the document; the size is capped when the file is read),
 * and anything unusable is a {@link Reason#BAD_RESULT} with a one-line message.
 */
final class ResultDocument {
    /** Deepest nesting accepted; pysample's own documents nest 8 levels at most. */
    static final int MAX_DEPTH = 64;
    /** Longest parser detail quoted in a message. */
    private static final int MAX_DETAIL = 160;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ResultDocument() {
    }

    /**
     * The document in {@code json}, matching {@code shape} or {@link ResultSchemas#FATAL}.
     *
     * @param what the document's name in messages ({@code "snapshot"})
     * @param pid the target, for messages
     * @throws RemoteExecException ({@link Reason#BAD_RESULT}) if it is not JSON, too deep, or of another shape
     */
    static JsonNode parse(byte[] json, JsonShape shape, String what, int pid) {
        JsonNode doc;
        try {
            doc = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw bad(what, pid, "not JSON: " + detail(e.getOriginalMessage()));
        } catch (IOException e) {
            throw bad(what, pid, "unreadable: " + detail(e.getMessage()));
        }
        if (doc == null || doc.isMissingNode()) {
            throw bad(what, pid, "the file is empty");
        }
        boolean fatal = doc.isObject() && doc.has("fatal");
        String mismatch = (fatal ? ResultSchemas.FATAL : shape).mismatch(doc, "$");
        if (mismatch != null) {
            throw bad(what, pid, detail(mismatch));
        }
        return doc;
    }

    private static RemoteExecException bad(String what, int pid, String detail) {
        return new RemoteExecException(Reason.BAD_RESULT, "process " + pid + " sent back an invalid " + what
                + " result (" + detail + "); its code or an audit hook may have replaced pysample's result file");
    }

    /** One line of at most {@value #MAX_DETAIL} characters, control characters replaced. */
    private static String detail(String s) {
        String line = s == null ? "" : s.replaceAll("\\p{Cntrl}", "\uFFFD");
        return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL) + "\u2026";
    }
}
