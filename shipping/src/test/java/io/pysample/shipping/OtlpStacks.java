package io.pysample.shipping;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.profiles.v1development.Function;
import io.opentelemetry.proto.profiles.v1development.KeyValueAndUnit;
import io.opentelemetry.proto.profiles.v1development.Line;
import io.opentelemetry.proto.profiles.v1development.Location;
import io.opentelemetry.proto.profiles.v1development.Profile;
import io.opentelemetry.proto.profiles.v1development.ProfilesDictionary;
import io.opentelemetry.proto.profiles.v1development.Sample;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads an OTLP profile back through its dictionary, in the shape of {@link TestIntervals#stacks}. */
final class OtlpStacks {
    private OtlpStacks() {
    }

    static Map<String, Long> of(ProfilesDictionary d, Profile p) {
        Map<String, Long> m = new TreeMap<>();
        for (Sample s : p.getSamplesList()) {
            StringBuilder key = new StringBuilder();
            for (int a : s.getAttributeIndicesList()) {
                KeyValueAndUnit kv = d.getAttributeTable(a);
                if (d.getStringTable(kv.getKeyStrindex()).equals("thread.name")) {
                    key.append(kv.getValue().getStringValue());
                }
            }
            List<Integer> locs = d.getStackTable(s.getStackIndex()).getLocationIndicesList();
            for (int i = locs.size() - 1; i >= 0; i--) {
                Location loc = d.getLocationTable(locs.get(i));
                Line line = loc.getLines(0);
                Function f = d.getFunctionTable(line.getFunctionIndex());
                key.append(';').append(d.getStringTable(f.getNameStrindex())).append(':').append(line.getLine());
            }
            m.merge(key.toString(), s.getValuesList().stream().mapToLong(Long::longValue).sum(), Long::sum);
        }
        return m;
    }

    static String typeOf(ProfilesDictionary d, Profile p) {
        return d.getStringTable(p.getSampleType().getTypeStrindex()) + "/"
                + d.getStringTable(p.getSampleType().getUnitStrindex());
    }

    static AnyValue attribute(ProfilesDictionary d, List<Integer> indices, String key) {
        for (int a : indices) {
            if (d.getStringTable(d.getAttributeTable(a).getKeyStrindex()).equals(key)) {
                return d.getAttributeTable(a).getValue();
            }
        }
        return null;
    }
}
