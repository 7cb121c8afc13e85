package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/api.md is run, not only read: each {@code http} block holding a request, followed by one holding its answer,
 * is sent to a server in the order of the page, and the real answer must have the documented status, headers and
 * JSON (see {@link #matches}), and match the OpenAPI document too. Metric names and links on the page are checked
 * against the server and the repository.
 */
class ApiDocExamplesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path PAGE = ROOT.resolve("docs/api.md");
    private static final Pattern BLOCK = Pattern.compile("```http\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
    private static final Pattern WHOLE_PLACEHOLDER = Pattern.compile("^\\{([A-Za-z]+)}$");
    private static final OpenApiDocument API = OpenApiDocument.load();

    private static HttpFixture f;

    @BeforeAll static void start() { f = HttpFixture.start(); }

    @AfterAll static void stop() { f.close(); }

    /** One side of an example: a request line or a status line, headers, and a body. */
    private record Message(String firstLine, Map<String, String> headers, String body) {
        static Message parse(String text) {
            String[] parts = text.split("\\n\\n", 2);
            String[] lines = parts[0].split("\\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip());
            }
            return new Message(lines[0].strip(), headers, parts.length > 1 ? parts[1].strip() : "");
        }
    }

    private record Example(int line, Message request, Message answer) {}

    private static List<Example> examples(String page) {
        List<Example> found = new ArrayList<>();
        Matcher m = BLOCK.matcher(page);
        Message pending = null;
        int pendingLine = 0;
        while (m.find()) {
            Message msg = Message.parse(m.group(1));
            int line = (int) page.substring(0, m.start()).lines().count() + 1;
            if (msg.firstLine().startsWith("HTTP/")) {
                assertThat(pending).as("docs/api.md:%d: an answer follows its request", line).isNotNull();
                found.add(new Example(pendingLine, pending, msg));
                pending = null;
            } else {
                assertThat(pending).as("docs/api.md:%d: the request before this one has an answer", line).isNull();
                pending = msg;
                pendingLine = line;
            }
        }
        assertThat(pending).as("the last request has an answer").isNull();
        return found;
    }

    @Test
    void every_example_in_the_api_page_answers_as_shown() throws Exception {
        List<Example> examples = examples(Files.readString(PAGE));
        assertThat(examples).as("docs/api.md has examples").hasSizeGreaterThan(20);
        Map<String, String> vars = new HashMap<>();
        for (Example e : examples) {
            String[] requestLine = substitute(e.request().firstLine(), vars).split(" ", 2);
            String method = requestLine[0], target = requestLine[1];
            HttpRequest.Builder b = f.request(target, null);
            e.request().headers().forEach((k, v) -> b.header(k, substitute(v, vars)));
            String body = substitute(e.request().body(), vars);
            b.method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            HttpFixture.Reply reply = f.send(b);
            String where = "docs/api.md:" + e.line() + " " + method + " " + target + " answered " + reply.status() + " " + reply.raw().body();

            assertThat(reply.status()).as(where).isEqualTo(Integer.parseInt(e.answer().firstLine().split(" ")[1]));
            e.answer().headers().forEach((name, value) -> assertThat(reply.raw().headers().firstValue(name)).as(where + ": header " + name)
                    .hasValueSatisfying(actual -> assertThat(glob(value).matcher(actual).matches()).as("%s: %s: %s", where, name, actual).isTrue()));
            if (!e.answer().body().isEmpty()) {
                JsonNode shown = HttpFixture.JSON.readTree(e.answer().body());
                List<String> problems = new ArrayList<>();
                matches(shown, reply.body(), "$", vars, problems);
                assertThat(problems).as(where).isEmpty();
            }
            template(method, target.replaceFirst("\\?.*", "")).ifPresent(t -> API.assertAnswer(method, t, reply));
        }
    }

    /**
     * A documented JSON value against the real one: every documented member must be there (the real answer may have
     * more), arrays have the documented length unless their last item is {@code "…"}, a string is a pattern where
     * {@code …} stands for any text, and a whole-string {@code {name}} binds the real value to {@code name} the first
     * time and must equal it after (later requests use it).
     */
    private static void matches(JsonNode shown, JsonNode real, String at, Map<String, String> vars, List<String> problems) {
        if (shown.isObject()) {
            if (!real.isObject()) { problems.add(at + ": an object was shown, the answer has " + real); return; }
            for (Iterator<Map.Entry<String, JsonNode>> it = shown.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                if (!real.has(member.getKey())) problems.add(at + "." + member.getKey() + ": missing");
                else matches(member.getValue(), real.get(member.getKey()), at + "." + member.getKey(), vars, problems);
            }
        } else if (shown.isArray()) {
            if (!real.isArray()) { problems.add(at + ": an array was shown, the answer has " + real); return; }
            boolean open = !shown.isEmpty() && shown.get(shown.size() - 1).asText().equals("…");
            int items = open ? shown.size() - 1 : shown.size();
            if (open ? real.size() < items : real.size() != items) problems.add(at + ": " + real.size() + " items, shown " + shown.size());
            for (int i = 0; i < Math.min(items, real.size()); i++) matches(shown.get(i), real.get(i), at + "[" + i + "]", vars, problems);
        } else if (shown.isTextual()) {
            Matcher placeholder = WHOLE_PLACEHOLDER.matcher(shown.asText());
            if (placeholder.matches()) {
                String bound = vars.putIfAbsent(placeholder.group(1), real.asText());
                if (bound != null && !bound.equals(real.asText())) problems.add(at + ": " + real + ", shown {" + placeholder.group(1) + "} = " + bound);
            } else if (!real.isTextual() || !glob(shown.asText()).matcher(real.asText()).matches()) {
                problems.add(at + ": " + real + ", shown " + shown);
            }
        } else if (!shown.equals(real)) {
            problems.add(at + ": " + real + ", shown " + shown);
        }
    }

    private static Pattern glob(String shown) {
        List<String> parts = new ArrayList<>();
        for (String part : shown.split("…", -1)) parts.add(Pattern.quote(part));
        return Pattern.compile(String.join(".*", parts), Pattern.DOTALL);
    }

    private static String substitute(String text, Map<String, String> vars) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = vars.get(m.group(1));
            assertThat(value).as("{%s} is bound by an earlier answer", m.group(1)).isNotNull();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    /** The document's path template that {@code path} falls under for {@code method}: a literal path first, then one with parameters. */
    private static Optional<String> template(String method, String path) {
        String verb = method.toLowerCase(Locale.ROOT);
        List<String> candidates = new ArrayList<>();
        API.doc.path("paths").fields().forEachRemaining(p -> {
            if (p.getValue().has(verb) && path.matches(p.getKey().replaceAll("\\{[^/]+}", "[^/]+"))) candidates.add(p.getKey());
        });
        return candidates.stream().min((a, b) -> Boolean.compare(a.contains("{"), b.contains("{")));
    }

    /** Links, and relative paths written as code, point into this repository (or are public URLs). */
    @Test
    void the_page_links_only_into_this_repository_or_to_public_urls() throws Exception {
        Matcher links = Pattern.compile("\\]\\(([^)\\s]+)\\)|`(\\.\\.?/[^`\\s]+)`").matcher(Files.readString(PAGE));
        while (links.find()) {
            String link = Optional.ofNullable(links.group(1)).orElse(links.group(2)).replaceFirst("#.*", "");
            if (link.startsWith("https://") || link.startsWith("http://") || link.isEmpty()) continue;
            Path target = PAGE.getParent().resolve(link).normalize();
            assertThat(target).as("docs/api.md links to %s", link).startsWithRaw(ROOT).exists();
        }
    }
}
