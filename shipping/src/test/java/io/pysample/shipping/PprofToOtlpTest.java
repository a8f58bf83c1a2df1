package io.pysample.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.collector.profiles.v1development.ExportProfilesServiceRequest;
import io.opentelemetry.proto.profiles.v1development.Function;
import io.opentelemetry.proto.profiles.v1development.KeyValueAndUnit;
import io.opentelemetry.proto.profiles.v1development.Location;
import io.opentelemetry.proto.profiles.v1development.Mapping;
import io.opentelemetry.proto.profiles.v1development.Profile;
import io.opentelemetry.proto.profiles.v1development.ProfilesDictionary;
import io.opentelemetry.proto.profiles.v1development.Sample;
import io.opentelemetry.proto.profiles.v1development.Stack;
import io.pysample.formats.pprof.ProfileProto;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PprofToOtlpTest {
    private static SpooledInterval withPprof(ProfileProto.Profile p) {
        SpooledInterval i = TestIntervals.interval(3, "shop");
        return new SpooledInterval(7, i.service(), i.pid(), i.commandLine(), i.pythonVersion(), i.hostName(),
                i.labels(), i.startEpochNanos(), i.endEpochNanos(), i.sampleType(), i.rateHz(),
                TestIntervals.gzip(p));
    }

    @Test
    void dictionaryStartsWithZeroValuesAndHoldsEachItemOnce() {
        ExportProfilesServiceRequest req = PprofToOtlp.convert(withPprof(TestIntervals.pprof(3, null)));
        ProfilesDictionary d = req.getDictionary();
        assertThat(d.getStringTable(0)).isEmpty();
        assertThat(d.getMappingTable(0)).isEqualTo(Mapping.getDefaultInstance());
        assertThat(d.getLocationTable(0)).isEqualTo(Location.getDefaultInstance());
        assertThat(d.getFunctionTable(0)).isEqualTo(Function.getDefaultInstance());
        assertThat(d.getAttributeTable(0)).isEqualTo(KeyValueAndUnit.getDefaultInstance());
        assertThat(d.getStackTable(0)).isEqualTo(Stack.getDefaultInstance());
        assertThat(d.getLinkTable(0).getTraceId().size()).isEqualTo(16);
        assertThat(new HashSet<>(d.getStringTableList())).hasSize(d.getStringTableCount());
        assertThat(new HashSet<>(d.getFunctionTableList())).hasSize(d.getFunctionTableCount());
        assertThat(new HashSet<>(d.getLocationTableList())).hasSize(d.getLocationTableCount());
        assertThat(new HashSet<>(d.getStackTableList())).hasSize(d.getStackTableCount());
        assertThat(d.getFunctionTableCount()).isEqualTo(1 + 4);
        assertThat(d.getLocationTableCount()).isEqualTo(1 + 4);
        assertThat(d.getStackTableCount()).isEqualTo(1 + 3); // the two profiles share their stacks

        Function handle = d.getFunctionTable(d.getLocationTable(d.getStackTable(1).getLocationIndices(0))
                .getLines(0).getFunctionIndex());
        assertThat(d.getStringTable(handle.getNameStrindex())).isEqualTo("handle");
        assertThat(d.getStringTable(handle.getFilenameStrindex())).isEqualTo("web/handler.py");
        assertThat(handle.getStartLine()).isEqualTo(5);
        Location anyLocation = d.getLocationTable(1);
        assertThat(OtlpStacks.attribute(d, anyLocation.getAttributeIndicesList(), "profile.frame.type")
                .getStringValue()).isEqualTo("cpython");
    }

    @Test
    void profilesCarryTypesTimesThreadsAndTotals() {
        ProfileProto.Profile pprof = TestIntervals.pprof(3, null);
        SpooledInterval interval = withPprof(pprof);
        ExportProfilesServiceRequest req = PprofToOtlp.convert(interval);
        ProfilesDictionary d = req.getDictionary();
        List<Profile> profiles = req.getResourceProfiles(0).getScopeProfiles(0).getProfilesList();
        assertThat(profiles).extracting(p -> OtlpStacks.typeOf(d, p))
                .containsExactly("samples/count", "wall/nanoseconds");
        for (int t = 0; t < 2; t++) {
            Profile p = profiles.get(t);
            assertThat(p.getTimeUnixNano()).isEqualTo(interval.startEpochNanos());
            assertThat(p.getDurationNano()).isEqualTo(TestIntervals.INTERVAL);
            assertThat(p.getPeriod()).isEqualTo(TestIntervals.PERIOD);
            assertThat(p.getProfileId().size()).isEqualTo(16);
            long total = pprof.getSampleList().stream().mapToLong(s -> s.getValue(0)).sum();
            long otlpTotal = p.getSamplesList().stream().flatMap(s -> s.getValuesList().stream())
                    .mapToLong(Long::longValue).sum();
            assertThat(otlpTotal).isEqualTo(t == 0 ? total : total * TestIntervals.PERIOD);
        }
        assertThat(profiles.get(0).getProfileId()).isNotEqualTo(profiles.get(1).getProfileId());
        assertThat(PprofToOtlp.convert(interval).getResourceProfiles(0).getScopeProfiles(0).getProfiles(0)
                .getProfileId()).as("stable across resends").isEqualTo(profiles.get(0).getProfileId());
        Sample first = profiles.get(0).getSamples(0);
        assertThat(OtlpStacks.attribute(d, first.getAttributeIndicesList(), "thread.id").getIntValue())
                .isEqualTo(100);
        assertThat(OtlpStacks.attribute(d, first.getAttributeIndicesList(), "thread.name").getStringValue())
                .isEqualTo("MainThread");
        assertThat(first.getTimestampsUnixNanoCount()).isZero();
    }

    @Test
    void timestampLabelsBecomeSampleTimestamps() {
        long t0 = TestIntervals.T0 + 3 * TestIntervals.INTERVAL;
        long[] ts = {t0 + 1_000, t0 + 2_000, t0 + 3_000};
        ExportProfilesServiceRequest req = PprofToOtlp.convert(withPprof(TestIntervals.pprof(3, ts)));
        Profile count = req.getResourceProfiles(0).getScopeProfiles(0).getProfiles(0);
        assertThat(count.getSamplesList()).extracting(Sample::getTimestampsUnixNanoList)
                .containsExactly(List.of(ts[0]), List.of(ts[1]), List.of(ts[2]));
        assertThat(count.getSamplesList()).allSatisfy(s -> {
            assertThat(s.getValuesCount()).isEqualTo(1);
            assertThat(OtlpStacks.attribute(req.getDictionary(), s.getAttributeIndicesList(),
                    PprofToOtlp.TIMESTAMP_LABEL)).isNull();
        });
    }

    @Test
    void equalSamplesAreMergedAndZeroValuesLeftOut() {
        ProfileProto.Profile base = TestIntervals.pprof(0, null);
        ProfileProto.Profile.Builder b = base.toBuilder();
        b.addSample(base.getSample(0)); // the same stack and thread again
        b.addSample(base.getSample(1).toBuilder().setValue(0, 0).setValue(1, 0));
        ExportProfilesServiceRequest req = PprofToOtlp.convert(withPprof(b.build()));
        Profile count = req.getResourceProfiles(0).getScopeProfiles(0).getProfiles(0);
        assertThat(count.getSamplesCount()).isEqualTo(3);
        assertThat(count.getSamples(0).getValuesList()).containsExactly(2 * base.getSample(0).getValue(0));
        assertThat(OtlpStacks.of(req.getDictionary(), count)).isEqualTo(TestIntervals.stacks(b.build()).get(0));
    }

    @Test
    void resourceHasProcessAttributes() {
        ExportProfilesServiceRequest req = PprofToOtlp.convert(withPprof(TestIntervals.pprof(0, null)));
        Map<String, Object> attrs = new java.util.LinkedHashMap<>();
        req.getResourceProfiles(0).getResource().getAttributesList().forEach(kv -> attrs.put(kv.getKey(),
                kv.getValue().hasIntValue() ? (Object) kv.getValue().getIntValue() : kv.getValue().getStringValue()));
        assertThat(attrs).containsEntry("service.name", "shop").containsEntry("process.pid", 4242L)
                .containsEntry("process.runtime.name", "cpython").containsEntry("process.runtime.version", "3.14.0")
                .containsEntry("process.command_line", "python3 app.py --port 80").containsEntry("host.name", "host-a");
        assertThat(req.getResourceProfiles(0).getScopeProfiles(0).getScope().getName()).isEqualTo("pysample");

        SpooledInterval i = TestIntervals.interval(0, "shop");
        SpooledInterval clash = new SpooledInterval(1, "shop", 9, "", "", "", Map.of("service.name", "other"),
                i.startEpochNanos(), i.endEpochNanos(), i.sampleType(), 100, i.pprofGzip());
        assertThat(PprofToOtlp.convert(clash).getResourceProfiles(0).getResource().getAttributesList())
                .filteredOn(kv -> kv.getKey().equals("service.name")).singleElement()
                .satisfies(kv -> assertThat(kv.getValue().getStringValue()).isEqualTo("shop"));
    }

    @Test
    void aLocationWithAnUnknownFunctionIsRefused() {
        ProfileProto.Profile base = TestIntervals.pprof(0, null);
        ProfileProto.Profile broken = base.toBuilder().setLocation(0, base.getLocation(0).toBuilder()
                .setLine(0, base.getLocation(0).getLine(0).toBuilder().setFunctionId(99))).build();
        assertThatThrownBy(() -> PprofToOtlp.convert(withPprof(broken)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inconsistent pprof");
    }
}
