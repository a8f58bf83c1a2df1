package io.pysample.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The advice after a refused ptrace access check depends on what pysample already has. */
class PtraceRemedyTest {
    private static final String USER = "Name:\tjava\nUid:\t1000\t1000\t1000\t1000\nCapEff:\t0000000000000000\n";
    private static final String ROOT = "Name:\tjava\nUid:\t0\t0\t0\t0\nCapEff:\t000001ffffffffff\n";
    private static final String CAP_ONLY = "Uid:\t1000\t1000\t1000\t1000\nCapEff:\t0000000000080000\n";

    @Test
    void privilegesAreReadFromTheEffectiveUidAndCapabilities() {
        assertThat(PtraceRemedy.privileged(USER)).isFalse();
        assertThat(PtraceRemedy.privileged(ROOT)).isTrue();
        assertThat(PtraceRemedy.privileged(CAP_ONLY)).as("CAP_SYS_PTRACE is bit 19").isTrue();
        assertThat(PtraceRemedy.privileged("Uid:\t0\t1000\t0\t0\n")).as("real root, effective user").isFalse();
        assertThat(PtraceRemedy.privileged("garbage")).isFalse();
    }

    @Test
    void anUnprivilegedCallerIsToldHowToGetPermission() {
        assertThat(PtraceRemedy.forCaller(false, "1")).isEqualTo(PtraceRemedy.GET_PERMISSION)
                .contains("CAP_SYS_PTRACE").contains("ptrace_scope");
    }

    @Test
    void aPrivilegedCallerIsToldWhyTheTargetIsProtectedNotToRunAsRoot() {
        assertThat(PtraceRemedy.forCaller(true, "")).contains("not dumpable").contains("security module")
                .doesNotContain("run pysample as");
        assertThat(PtraceRemedy.forCaller(true, "3")).contains("ptrace_scope is 3");
    }
}
