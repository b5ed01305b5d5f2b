package dev.imessagegateway.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** Shapes of JSON frames (field names and value types) and the location of the shared protocol vectors. */
public final class Shapes {
    private Shapes() {
    }

    /** Field names mapped to shapes; arrays by the shape of their first element; scalars by type. */
    public static Object shape(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), shape(e.getValue()));
            }
            return m;
        }
        if (n.isArray()) {
            return n.isEmpty() ? "array" : "array of " + shape(n.get(0));
        }
        return n.getNodeType().name();
    }

    /** Whether every field of {@code expected} is in {@code actual} with the same shape (actual may have more). */
    public static boolean covers(JsonNode actual, JsonNode expected) {
        if (expected.isObject()) {
            if (!actual.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!actual.has(e.getKey()) || !covers(actual.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (expected.isArray()) {
            return actual.isArray() && (expected.isEmpty() || actual.isEmpty() || covers(actual.get(0), expected.get(0)));
        }
        return actual.getNodeType() == expected.getNodeType();
    }

    /** {@code src/test/resources/agent-protocol/frames-v1.jsonl} of the repository, found from the working directory. */
    public static Path vectorsFile() {
        String rel = "src/test/resources/agent-protocol/frames-v1.jsonl";
        for (String start : new String[]{System.getProperty("basedir"), System.getProperty("user.dir")}) {
            if (start == null) {
                continue;
            }
            for (Path p = Path.of(start).toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve(rel))) {
                    return p.resolve(rel);
                }
            }
        }
        throw new IllegalStateException("cannot find " + rel + " above " + System.getProperty("user.dir"));
    }

    public static ObjectNode data(JsonNode frame) {
        return (ObjectNode) frame.get("data");
    }
}
