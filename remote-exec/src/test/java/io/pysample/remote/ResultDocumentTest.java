package io.pysample.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Parsing and checking result documents: what passes, and the one-line reason for what does not. */
class ResultDocumentTest {
    private static final String THREAD =
            "\"thread\": {\"ident\": 1, \"native_id\": null, \"name\": null, \"main\": true}";
    private static final String HEADER = "{\"pysample_result\": 1, \"kind\": \"snapshot\", \"pid\": 7, \"python\": "
            + "\"3.14.0\", " + THREAD + ", \"errors\": {}";

    @Test
    void acceptsEverySectionWithItsNullsAndOptionalMembersAndUnknownExtras() {
        String doc = HEADER + ", \"future\": [1, 2], "
                + "\"locals\": {\"threads\": [{\"ident\": 1, \"native_id\": null, \"name\": null, \"main\": true, "
                + "\"current\": true, \"truncated\": false, \"frames\": [{\"function\": \"f\", \"file\": \"a.py\", "
                + "\"line\": null, \"scope\": \"function\", \"locals\": {\"x\": {\"type\": \"str\", \"repr\": \"'a'\", "
                + "\"length\": 1, \"truncated\": true}}}]}]}, "
                + "\"gc\": {\"enabled\": true, \"count\": [1, 2, 3], \"threshold\": [700, 10, 10], \"frozen\": 0, "
                + "\"tracked_objects\": 5, \"distinct_types\": 2, \"top_types\": [{\"type\": \"int\", \"count\": 3}]}, "
                + "\"asyncio\": {\"imported\": true, \"loops\": [{\"loop\": \"<loop>\", \"error\": \"E: x\", "
                + "\"found_by\": \"gc\", \"thread\": null, \"tasks\": [{\"name\": \"t\", \"error\": \"E: y\"}]}]}, "
                + "\"threads\": {\"threading_imported\": false, \"threads\": [{\"ident\": 1, \"name\": null, "
                + "\"native_id\": null, \"daemon\": null, \"main\": true, \"current\": true, "
                + "\"known_to_threading\": false, \"function\": null}]}}";
        assertThat(ResultDocument.parse(bytes(doc), ResultSchemas.SNAPSHOT, "snapshot", 7).at("/gc/frozen").asInt())
                .isZero();
        assertThat(ResultDocument.parse(bytes("{\"pysample_result\": 1, \"fatal\": \"MemoryError\"}"),
                ResultSchemas.SNAPSHOT, "snapshot", 7).get("fatal").asText()).isEqualTo("MemoryError");
    }

    @Test
    void namesTheFirstMismatchWithItsPath() {
        assertThat(reason(HEADER + ", \"locals\": {\"threads\": [{\"ident\": 1, \"frames\": [{\"function\": \"f\", "
                + "\"file\": \"a.py\", \"line\": \"3\"}]}]}}"))
                .isEqualTo("$.locals.threads[0].frames[0].line: expected a 64-bit integer or null, got a string");
        assertThat(reason(HEADER.replace("\"pid\": 7", "\"pid\": 7.5") + "}"))
                .isEqualTo("$.pid: expected a 64-bit integer, got a fractional number");
        assertThat(reason(HEADER.replace("\"pid\": 7", "\"pid\": 99999999999999999999") + "}"))
                .isEqualTo("$.pid: expected a 64-bit integer, got an integer");
        assertThat(reason(HEADER.replace("\"pysample_result\": 1", "\"pysample_result\": 2") + "}"))
                .isEqualTo("$.pysample_result: expected 1, got an integer");
        assertThat(reason("{\"pysample_result\": 1, \"fatal\": 5}"))
                .isEqualTo("$.fatal: expected a string, got an integer");
        assertThat(reason(HEADER + ", \"gc\": {\"top_types\": [{\"type\": \"int\"}]}}"))
                .isEqualTo("$.gc.top_types[0].count: missing (expected a 64-bit integer)");
        assertThat(reason("{\"a\": 1, \"a\": 2}")).startsWith("not JSON: Duplicate field 'a'");
        assertThat(reason("[".repeat(ResultDocument.MAX_DEPTH + 1) + "]".repeat(ResultDocument.MAX_DEPTH + 1)))
                .startsWith("not JSON: Document nesting depth (65) exceeds the maximum allowed (64");
        assertThat(reason("")).isEqualTo("the file is empty");
        assertThat(reason("\"\u001b[2J\" x")).startsWith("not JSON: ").doesNotContain("\u001b");
    }

    private static String reason(String doc) {
        RemoteExecException e = catchThrowableOfType(RemoteExecException.class,
                () -> ResultDocument.parse(bytes(doc), ResultSchemas.SNAPSHOT, "snapshot", 7));
        assertThat(e.reason()).isEqualTo(RemoteExecException.Reason.BAD_RESULT);
        assertThat(e.getMessage()).startsWith("process 7 sent back an invalid snapshot result (").doesNotContain("\n");
        String m = e.getMessage();
        return m.substring(m.indexOf('(') + 1, m.lastIndexOf("); its code"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
