package io.pysample.shipping;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.profiles.v1development.ExportProfilesServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.profiles.v1development.Function;
import io.opentelemetry.proto.profiles.v1development.Line;
import io.opentelemetry.proto.profiles.v1development.Location;
import io.opentelemetry.proto.profiles.v1development.Mapping;
import io.opentelemetry.proto.profiles.v1development.Profile;
import io.opentelemetry.proto.profiles.v1development.ResourceProfiles;
import io.opentelemetry.proto.profiles.v1development.Sample;
import io.opentelemetry.proto.profiles.v1development.ScopeProfiles;
import io.opentelemetry.proto.profiles.v1development.ValueType;
import io.opentelemetry.proto.resource.v1.Resource;
import io.pysample.formats.pprof.ProfileProto;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Converts one interval's pprof into an OTLP {@code ExportProfilesServiceRequest} (opentelemetry-proto
 * {@code profiles/v1development}, as shipped in {@code io.opentelemetry.proto:opentelemetry-proto}
 * 1.11.0-alpha): one resource (attributes {@code service.name}, {@code host.name}, {@code process.pid},
 * {@code process.command_line}, {@code process.runtime.name} = {@code cpython}, {@code process.runtime.version}
 * and the user tags), one scope ({@code pysample}), and one {@code Profile} per pprof sample type (an OTLP profile
 * has a single sample type), all sharing one dictionary.
 *
 * <p>pprof functions, mappings and locations (with all their lines) become dictionary entries; every location
 * carries the attribute {@code profile.frame.type = cpython}. Sample labels become sample attributes:
 * {@code thread_id} as {@code thread.id} and {@code thread_name} as {@code thread.name} (semantic conventions),
 * others under their own key (numeric ones with their unit). A numeric label {@code timestamp_ns} (Unix epoch
 * nanoseconds) becomes the sample's timestamp; samples then keep one value per timestamp. Samples of equal
 * identity (stack, attributes) are merged: timestamps and values appended, or values summed when the profile has
 * no timestamps. Zero values are left out, so each OTLP profile's total equals its pprof sample type's total.
 * Profile time and duration are the interval's; period type and period are the pprof's.
 */
public final class PprofToOtlp {
    static final String TIMESTAMP_LABEL = "timestamp_ns";
    private static final Map<String, String> LABEL_KEYS = Map.of("thread_id", "thread.id", "thread_name",
            "thread.name");

    private final ProfileProto.Profile pprof;
    private final SpooledInterval interval;
    private final OtlpDictionary dict = new OtlpDictionary();
    private final Map<Long, Integer> mappingIndex = new HashMap<>();
    private final Map<Long, Integer> functionIndex = new HashMap<>();
    private final Map<Long, Integer> locationIndex = new HashMap<>();
    private final Map<Long, ProfileProto.Mapping> mappingsById = new HashMap<>();
    private final Map<Long, ProfileProto.Function> functionsById = new HashMap<>();
    private final Map<Long, ProfileProto.Location> locationsById = new HashMap<>();
    private final int frameTypeAttribute;

    private PprofToOtlp(SpooledInterval interval, ProfileProto.Profile pprof) {
        this.interval = interval;
        this.pprof = pprof;
        pprof.getMappingList().forEach(m -> mappingsById.put(m.getId(), m));
        pprof.getFunctionList().forEach(f -> functionsById.put(f.getId(), f));
        pprof.getLocationList().forEach(l -> locationsById.put(l.getId(), l));
        frameTypeAttribute = dict.attribute("profile.frame.type", "cpython");
    }

    /**
     * The request for {@code interval}.
     *
     * @throws IllegalArgumentException if its pprof is corrupt (undecodable, or ids/indices out of range)
     */
    public static ExportProfilesServiceRequest convert(SpooledInterval interval) {
        ProfileProto.Profile pprof = PprofBytes.decode(interval.pprofGzip());
        try {
            return new PprofToOtlp(interval, pprof).build();
        } catch (IndexOutOfBoundsException | NullPointerException e) {
            throw new IllegalArgumentException("inconsistent pprof profile: " + e, e);
        }
    }

    private ExportProfilesServiceRequest build() {
        ScopeProfiles.Builder scope = ScopeProfiles.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("pysample"));
        for (int t = 0; t < pprof.getSampleTypeCount(); t++) {
            scope.addProfiles(profile(t));
        }
        ResourceProfiles resource = ResourceProfiles.newBuilder().setResource(resource()).addScopeProfiles(scope)
                .build();
        return ExportProfilesServiceRequest.newBuilder().addResourceProfiles(resource).setDictionary(dict.build())
                .build();
    }

    private Resource resource() {
        Resource.Builder r = Resource.newBuilder();
        r.addAttributes(kv("service.name", str(interval.service())));
        if (!interval.hostName().isEmpty()) {
            r.addAttributes(kv("host.name", str(interval.hostName())));
        }
        r.addAttributes(kv("process.pid", AnyValue.newBuilder().setIntValue(interval.pid()).build()));
        if (!interval.commandLine().isEmpty()) {
            r.addAttributes(kv("process.command_line", str(interval.commandLine())));
        }
        r.addAttributes(kv("process.runtime.name", str("cpython")));
        if (!interval.pythonVersion().isEmpty()) {
            r.addAttributes(kv("process.runtime.version", str(interval.pythonVersion())));
        }
        java.util.Set<String> taken = new java.util.HashSet<>();
        r.getAttributesList().forEach(a -> taken.add(a.getKey()));
        interval.labels().forEach((k, v) -> {
            if (taken.add(k)) { // a tag never overrides the process's own attributes
                r.addAttributes(kv(k, str(v)));
            }
        });
        return r.build();
    }

    private Profile profile(int typeIndex) {
        Profile.Builder p = Profile.newBuilder()
                .setSampleType(valueType(pprof.getSampleType(typeIndex)))
                .setTimeUnixNano(interval.startEpochNanos())
                .setDurationNano(interval.endEpochNanos() - interval.startEpochNanos())
                .setProfileId(profileId(typeIndex));
        if (pprof.hasPeriodType()) {
            p.setPeriodType(valueType(pprof.getPeriodType())).setPeriod(pprof.getPeriod());
        }
        boolean timestamped = pprof.getSampleCount() > 0
                && pprof.getSampleList().stream().allMatch(s -> timestamp(s) != null);
        Map<List<Integer>, Sample.Builder> byIdentity = new LinkedHashMap<>();
        for (ProfileProto.Sample s : pprof.getSampleList()) {
            long value = s.getValue(typeIndex);
            if (value == 0) {
                continue;
            }
            List<Integer> identity = new ArrayList<>();
            identity.add(stack(s));
            identity.addAll(attributes(s));
            Sample.Builder b = byIdentity.computeIfAbsent(identity, k -> Sample.newBuilder().setStackIndex(k.get(0))
                    .addAllAttributeIndices(k.subList(1, k.size())));
            if (timestamped) {
                b.addValues(value).addTimestampsUnixNano(timestamp(s));
            } else if (b.getValuesCount() == 0) {
                b.addValues(value);
            } else {
                b.setValues(0, b.getValues(0) + value);
            }
        }
        byIdentity.values().forEach(p::addSamples);
        return p.build();
    }

    private int stack(ProfileProto.Sample s) {
        List<Integer> indices = new ArrayList<>(s.getLocationIdCount());
        for (long id : s.getLocationIdList()) { // both formats: leaf first
            indices.add(location(id));
        }
        return dict.stack(indices);
    }

    private List<Integer> attributes(ProfileProto.Sample s) {
        List<Integer> out = new ArrayList<>(s.getLabelCount());
        for (ProfileProto.Label l : s.getLabelList()) {
            String key = pprof.getStringTable((int) l.getKey());
            if (key.equals(TIMESTAMP_LABEL)) {
                continue;
            }
            key = LABEL_KEYS.getOrDefault(key, key);
            int a = l.getStr() != 0 ? dict.attribute(key, pprof.getStringTable((int) l.getStr()))
                    : dict.attribute(key, l.getNum(), pprof.getStringTable((int) l.getNumUnit()));
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }

    private Long timestamp(ProfileProto.Sample s) {
        for (ProfileProto.Label l : s.getLabelList()) {
            if (l.getStr() == 0 && pprof.getStringTable((int) l.getKey()).equals(TIMESTAMP_LABEL)) {
                return l.getNum();
            }
        }
        return null;
    }

    private int location(long id) {
        Integer known = locationIndex.get(id);
        if (known != null) {
            return known;
        }
        ProfileProto.Location l = locationsById.get(id);
        Location.Builder b = Location.newBuilder().setAddress(l.getAddress()).addAttributeIndices(frameTypeAttribute);
        if (l.getMappingId() != 0) {
            b.setMappingIndex(mapping(l.getMappingId()));
        }
        for (ProfileProto.Line line : l.getLineList()) {
            b.addLines(Line.newBuilder().setFunctionIndex(function(line.getFunctionId())).setLine(line.getLine())
                    .setColumn(line.getColumn()));
        }
        int index = dict.location(b.build());
        locationIndex.put(id, index);
        return index;
    }

    private int function(long id) {
        return functionIndex.computeIfAbsent(id, k -> {
            ProfileProto.Function f = functionsById.get(k);
            return dict.function(Function.newBuilder().setNameStrindex(string(f.getName()))
                    .setSystemNameStrindex(string(f.getSystemName())).setFilenameStrindex(string(f.getFilename()))
                    .setStartLine(f.getStartLine()).build());
        });
    }

    private int mapping(long id) {
        return mappingIndex.computeIfAbsent(id, k -> {
            ProfileProto.Mapping m = mappingsById.get(k);
            return dict.mapping(Mapping.newBuilder().setMemoryStart(m.getMemoryStart())
                    .setMemoryLimit(m.getMemoryLimit()).setFileOffset(m.getFileOffset())
                    .setFilenameStrindex(string(m.getFilename())).build());
        });
    }

    private ValueType valueType(ProfileProto.ValueType t) {
        return ValueType.newBuilder().setTypeStrindex(string(t.getType())).setUnitStrindex(string(t.getUnit()))
                .build();
    }

    private int string(long pprofIndex) {
        return dict.string(pprof.getStringTable((int) pprofIndex));
    }

    /** 16 bytes, stable for one interval and sample type (the same on every resend). */
    private ByteString profileId(int typeIndex) {
        String key = PyroscopePush.profileId(interval) + "/" + typeIndex;
        UUID u = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
        return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array());
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static AnyValue str(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }
}
