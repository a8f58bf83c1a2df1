package io.pysample.shipping;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.profiles.v1development.Function;
import io.opentelemetry.proto.profiles.v1development.KeyValueAndUnit;
import io.opentelemetry.proto.profiles.v1development.Link;
import io.opentelemetry.proto.profiles.v1development.Location;
import io.opentelemetry.proto.profiles.v1development.Mapping;
import io.opentelemetry.proto.profiles.v1development.ProfilesDictionary;
import io.opentelemetry.proto.profiles.v1development.Stack;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds an OTLP {@code ProfilesDictionary} (opentelemetry-proto {@code profiles/v1development/profiles.proto}):
 * every table starts with its zero value at index 0, and equal items are stored once (the messages' own value
 * equality is the identity, as the format asks).
 */
final class OtlpDictionary {
    private final ProfilesDictionary.Builder out = ProfilesDictionary.newBuilder();
    private final Map<String, Integer> strings = new HashMap<>();
    private final Map<Mapping, Integer> mappings = new HashMap<>();
    private final Map<Location, Integer> locations = new HashMap<>();
    private final Map<Function, Integer> functions = new HashMap<>();
    private final Map<KeyValueAndUnit, Integer> attributes = new HashMap<>();
    private final Map<List<Integer>, Integer> stacks = new HashMap<>();

    OtlpDictionary() {
        string("");
        mapping(Mapping.getDefaultInstance());
        location(Location.getDefaultInstance());
        function(Function.getDefaultInstance());
        intern(attributes, KeyValueAndUnit.getDefaultInstance(), out::addAttributeTable);
        stack(List.of());
        // The zero link with full-length ids, as the format recommends for strict codecs.
        out.addLinkTable(Link.newBuilder().setTraceId(ByteString.copyFrom(new byte[16]))
                .setSpanId(ByteString.copyFrom(new byte[8])));
    }

    int string(String s) {
        return intern(strings, s, out::addStringTable);
    }

    int mapping(Mapping m) {
        return intern(mappings, m, out::addMappingTable);
    }

    int location(Location l) {
        return intern(locations, l, out::addLocationTable);
    }

    int function(Function f) {
        return intern(functions, f, out::addFunctionTable);
    }

    /** A string-valued attribute. */
    int attribute(String key, String value) {
        return attribute(key, AnyValue.newBuilder().setStringValue(value).build(), "");
    }

    /** An integer attribute; {@code unit} may be empty (unit implied by the key). */
    int attribute(String key, long value, String unit) {
        return attribute(key, AnyValue.newBuilder().setIntValue(value).build(), unit);
    }

    private int attribute(String key, AnyValue value, String unit) {
        KeyValueAndUnit a = KeyValueAndUnit.newBuilder().setKeyStrindex(string(key)).setValue(value)
                .setUnitStrindex(string(unit)).build();
        return intern(attributes, a, out::addAttributeTable);
    }

    /** A stack of location indices, leaf first. */
    int stack(List<Integer> locationIndices) {
        return intern(stacks, List.copyOf(locationIndices),
                k -> out.addStackTable(Stack.newBuilder().addAllLocationIndices(k)));
    }

    /** {@code item}'s index in its table, appending it first if new: the table's size equals the index's. */
    private static <T> int intern(Map<T, Integer> index, T item, Consumer<T> append) {
        return index.computeIfAbsent(item, k -> {
            append.accept(k);
            return index.size();
        });
    }

    ProfilesDictionary build() {
        return out.build();
    }
}
