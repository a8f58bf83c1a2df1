package io.pysample.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pysample.core.asyncio.AsyncMode;
import io.pysample.core.asyncio.TaskDump;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code "asyncio"} member of {@code dump --json}: present only when asked, null for a target without it. */
class AsyncTasksJsonTest {
    @Test
    void memberIsLeftOutWithoutAsyncAndNullForATargetOlderThan314() throws IOException {
        assertThat(parse(null, null).has("asyncio")).isFalse();
        JsonNode old = parse(AsyncMode.ALL, null);
        assertThat(old.has("asyncio")).isTrue();
        assertThat(old.get("asyncio").isNull()).isTrue();
        assertThat(old.get("threads")).hasSize(4); // the plain dump is unchanged
    }

    @Test
    void runningModeAndTheTasksOfOneThreadStayTogether() throws IOException {
        JsonNode a = parse(AsyncMode.RUNNING, TestProfiles.tasks()).get("asyncio");
        assertThat(a.get("mode").asText()).isEqualTo("running");
        assertThat(a.get("threads").findValuesAsText("native_thread_id")).containsExactly("1001", "1002", "0");
        assertThat(a.get("threads").get(0).get("tasks").findValuesAsText("name"))
                .containsExactly("worker-\"1\"", "Task-1");
        assertThat(a.get("threads").get(1).get("tasks").get(0).get("awaited_by").get(1).asLong())
                .isEqualTo(0x7f00_0000_2000L);
    }

    private static JsonNode parse(AsyncMode mode, List<TaskDump> tasks) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        if (mode == null) {
            DumpJson.write(TestProfiles.dump(), buf);
        } else {
            DumpJson.write(TestProfiles.dump(), mode, tasks, buf);
        }
        return new ObjectMapper().readTree(buf.toByteArray());
    }
}
