package io.pysample.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The expected shape of a JSON tree: required and optional object members, value types, string enumerations,
 * nullability. {@link #mismatch} names the first place a tree departs from it. Members not listed are allowed
 * (passed through untouched); listed ones must have their type. A small own checker rather than a JSON Schema
 * library: those pull a logging framework, YAML and date libraries into the command-line jar for four types.
 */
abstract class JsonShape {
    static final JsonShape INTEGER = scalar("a 64-bit integer",
            n -> n.isIntegralNumber() && n.canConvertToLong());
    static final JsonShape TEXT = scalar("a string", JsonNode::isTextual);
    static final JsonShape BOOLEAN = scalar("a boolean", JsonNode::isBoolean);

    private final String expected;

    /** @param expected what a matching value is, for messages ("an integer") */
    JsonShape(String expected) {
        this.expected = expected;
    }

    /** What a matching value is, for messages ("an integer"). */
    final String expected() {
        return expected;
    }

    /**
     * Where {@code node} departs from this shape, as {@code "PATH: expected X, got Y"}, or null if it matches.
     *
     * @param path the JSON path of {@code node}, e.g. {@code $.thread}
     */
    abstract String mismatch(JsonNode node, String path);

    /** This shape or JSON {@code null}. */
    final JsonShape orNull() {
        JsonShape self = this;
        return new JsonShape(self.expected() + " or null") {
            @Override
            String mismatch(JsonNode node, String path) {
                if (node.isNull()) {
                    return null;
                }
                String m = self.mismatch(node, path);
                // A mismatch of the value itself names both choices; one deeper inside stays as it is.
                return m != null && m.startsWith(path + ": expected ") ? wrong(this, node, path) : m;
            }
        };
    }

    static JsonShape scalar(String expected, Predicate<JsonNode> test) {
        return new JsonShape(expected) {
            @Override
            String mismatch(JsonNode node, String path) {
                return test.test(node) ? null : wrong(this, node, path);
            }
        };
    }

    /** A string that is one of {@code values}. */
    static JsonShape oneOf(String... values) {
        Set<String> allowed = Set.of(values);
        return scalar("one of " + String.join(", ", values), n -> n.isTextual() && allowed.contains(n.asText()));
    }

    /** An array whose every element has shape {@code element}. */
    static JsonShape arrayOf(JsonShape element) {
        return elements("an array", true, element);
    }

    /** An object with any member names, every value of shape {@code value}. */
    static JsonShape mapOf(JsonShape value) {
        return elements("an object", false, value);
    }

    private static JsonShape elements(String expected, boolean array, JsonShape element) {
        return new JsonShape(expected) {
            @Override
            String mismatch(JsonNode node, String path) {
                if (array ? !node.isArray() : !node.isObject()) {
                    return wrong(this, node, path);
                }
                List<String> names = new ArrayList<>();
                node.fieldNames().forEachRemaining(names::add); // none for an array
                for (int i = 0; i < node.size(); i++) {
                    String m = array ? element.mismatch(node.get(i), path + "[" + i + "]")
                            : element.mismatch(node.get(names.get(i)), path + "." + names.get(i));
                    if (m != null) {
                        return m;
                    }
                }
                return null;
            }
        };
    }

    static ObjectShape object() {
        return new ObjectShape();
    }

    /** An object with listed members; build with {@link #required} and {@link #optional}. */
    static final class ObjectShape extends JsonShape {
        private final List<Member> members = new ArrayList<>();

        ObjectShape() {
            super("an object");
        }

        private record Member(String name, JsonShape shape, boolean required) {
        }

        ObjectShape required(String name, JsonShape shape) {
            members.add(new Member(name, shape, true));
            return this;
        }

        ObjectShape optional(String name, JsonShape shape) {
            members.add(new Member(name, shape, false));
            return this;
        }

        @Override
        String mismatch(JsonNode node, String path) {
            if (!node.isObject()) {
                return wrong(this, node, path);
            }
            for (Member m : members) {
                JsonNode v = node.get(m.name);
                if (v == null) {
                    if (m.required) {
                        return path + "." + m.name + ": missing (expected " + m.shape.expected() + ")";
                    }
                    continue;
                }
                String mismatch = m.shape.mismatch(v, path + "." + m.name);
                if (mismatch != null) {
                    return mismatch;
                }
            }
            return null;
        }
    }

    private static String wrong(JsonShape shape, JsonNode node, String path) {
        return path + ": expected " + shape.expected() + ", got " + kind(node);
    }

    private static String kind(JsonNode n) {
        switch (n.getNodeType()) {
            case STRING:
                return "a string";
            case NUMBER:
                return n.isIntegralNumber() ? "an integer" : "a fractional number";
            case BOOLEAN:
                return "a boolean";
            case NULL:
                return "null";
            case ARRAY:
                return "an array";
            case OBJECT:
                return "an object";
            default:
                return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
