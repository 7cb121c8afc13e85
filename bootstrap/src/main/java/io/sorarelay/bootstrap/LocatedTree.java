package io.sorarelay.bootstrap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML or JSON document read into nodes that remember their line, so that a configuration
 * error can say where the operator has to look. Jackson's tree model forgets locations; its
 * streaming parser has them, so the tree is built from the parser's tokens here.
 */
final class LocatedTree {
    private LocatedTree() {}

    sealed interface Node permits Scalar, Mapping, Sequence {
        int line();
    }

    /** A scalar as written ({@code text}), with whether it was a string, a number, a boolean or null. */
    record Scalar(String text, JsonToken token, int line) implements Node {}

    record Entry(String key, Node value, int line) {}

    record Mapping(Map<String, Entry> entries, int line) implements Node {}

    record Sequence(List<Node> items, int line) implements Node {}

    /** A document that is not well-formed, with the line the parser stopped at. */
    static final class SyntaxError extends Exception {
        final int line;

        SyntaxError(String message, int line) {
            super(message);
            this.line = line;
        }
    }

    static Node read(Reader in, boolean yaml) throws IOException, SyntaxError {
        JsonFactory factory = yaml ? new YAMLFactory() : new JsonFactory();
        try (JsonParser p = factory.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == null) throw new SyntaxError("the file is empty", 1);
            Node root = node(p);
            if (p.nextToken() != null) throw new SyntaxError("more than one document", line(p));
            return root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new SyntaxError("not well-formed " + (yaml ? "YAML" : "JSON") + ": " + problem(e.getOriginalMessage()), line);
        }
    }

    /**
     * The parser's first line, with what it quotes blanked: parsers quote the text they choke on, and near an inline
     * {@code apiKey} that text is a secret (SnakeYAML's further lines even reprint the whole line).
     */
    static String problem(String message) {
        String first = message == null ? "" : message.lines().findFirst().orElse("").strip();
        return first.replaceAll("'[^']*'", "'…'").replaceAll("\"[^\"]*\"", "\"…\"");
    }

    private static Node node(JsonParser p) throws IOException, SyntaxError {
        int line = line(p);
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    p.nextToken();
                    if (entries.containsKey(key)) throw new SyntaxError("'" + key + "' appears twice", keyLine);
                    entries.put(key, new Entry(key, node(p), keyLine));
                }
                yield new Mapping(entries, line);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) items.add(node(p));
                yield new Sequence(items, line);
            }
            default -> new Scalar(t == JsonToken.VALUE_NULL ? null : p.getText(), t, line);
        };
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }
}
