package io.sorarelay.bootstrap.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A scrape in Prometheus' text exposition format (version 0.0.4), parsed strictly: what a Prometheus server would refuse
 * fails the parse with the line at fault, rather than being skipped. Checked: the sample grammar (names, label escapes,
 * values including {@code NaN} and {@code ±Inf}, timestamps), {@code # HELP} and {@code # TYPE} at most once per family
 * and before its samples, each family's samples in one group and under the suffixes its type allows, no series twice, and
 * a histogram's buckets cumulative up to a {@code +Inf} bucket equal to its count.
 *
 * <p>No maintained Java library parses this format (the Prometheus Java client writes it, never reads it), so the parse
 * is written here and checked against that client's writer ({@code PrometheusTextTest}).
 */
public final class PrometheusText {
    /** One line of data: the sample's own name ({@code x_bucket}, {@code x_total}, …), its labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    /** One metric family: its name, type ({@code untyped} when undeclared), help text (empty when none) and samples. */
    public record Family(String name, String type, String help, List<Sample> samples) {}

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, Family> families;

    private PrometheusText(Map<String, Family> families) { this.families = families; }

    /** {@code GET base + /metrics} (with the metrics token, if any), parsed. */
    public static PrometheusText scrape(String base, Optional<String> token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(Duration.ofSeconds(10)).GET();
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new AssertionError("/metrics answered " + r.statusCode() + ": " + r.body());
            return parse(r.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static PrometheusText parse(String text) {
        return new Parser().parse(text);
    }

    public Collection<Family> families() { return families.values(); }

    public Optional<Family> family(String name) { return Optional.ofNullable(families.get(name)); }

    /** Every sample named {@code sampleName} (whichever family it belongs to). */
    public List<Sample> samples(String sampleName) {
        return families.values().stream().flatMap(f -> f.samples().stream()).filter(s -> s.name().equals(sampleName)).toList();
    }

    /** The value of the one series {@code sampleName} whose labels include {@code labels}; absent when there is none. */
    public Optional<Double> find(String sampleName, Map<String, String> labels) {
        List<Sample> matching = samples(sampleName).stream().filter(s -> s.labels().entrySet().containsAll(labels.entrySet())).toList();
        if (matching.size() > 1) throw new AssertionError(matching.size() + " series " + sampleName + labels + ": " + matching);
        return matching.stream().findFirst().map(Sample::value);
    }

    /** As {@link #find}, failing when there is no such series. */
    public double value(String sampleName, Map<String, String> labels) {
        return find(sampleName, labels).orElseThrow(() -> new AssertionError("no series " + sampleName + labels + " in the scrape"));
    }

    private static final class Parser {
        private final Map<String, String> types = new LinkedHashMap<>();
        private final Map<String, String> helps = new LinkedHashMap<>();
        private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
        private final Set<String> finished = new HashSet<>();
        private final Set<String> series = new HashSet<>();
        private String current;
        private int lineNo;
        private String line;

        PrometheusText parse(String text) {
            for (String l : text.split("\n", -1)) {
                lineNo++;
                line = l;
                if (l.isBlank()) continue;
                if (l.startsWith("#")) comment(l);
                else sample(l);
            }
            Map<String, Family> families = new TreeMap<>();
            Set<String> names = new HashSet<>(types.keySet());
            names.addAll(helps.keySet());
            names.addAll(samples.keySet());
            for (String name : names) {
                Family f = new Family(name, types.getOrDefault(name, "untyped"), helps.getOrDefault(name, ""),
                        List.copyOf(samples.getOrDefault(name, List.of())));
                if (f.type().equals("histogram")) checkHistogram(f);
                families.put(name, f);
            }
            return new PrometheusText(Map.copyOf(families));
        }

        private void comment(String l) {
            String[] parts = l.split(" ", 4);
            if (parts.length < 3 || !parts[0].equals("#") || !(parts[1].equals("HELP") || parts[1].equals("TYPE"))) return;
            String name = parts[2];
            if (!NAME.matcher(name).matches()) fail("invalid metric name " + name);
            if (finished.contains(name)) fail(parts[1] + " of " + name + " after its samples");
            if (parts[1].equals("HELP")) {
                if (helps.put(name, unescapeHelp(parts.length == 4 ? parts[3] : "")) != null) fail("second HELP of " + name);
            } else {
                String type = parts.length == 4 ? parts[3] : "";
                if (!TYPES.contains(type)) fail("unknown type '" + type + "'");
                if (samples.containsKey(name)) fail("TYPE of " + name + " after its samples");
                if (types.put(name, type) != null) fail("second TYPE of " + name);
            }
            enter(name);
        }

        private void sample(String l) {
            int i = 0;
            while (i < l.length() && l.charAt(i) != '{' && l.charAt(i) != ' ' && l.charAt(i) != '\t') i++;
            String name = l.substring(0, i);
            if (!NAME.matcher(name).matches()) fail("invalid metric name '" + name + "'");
            Map<String, String> labels = new TreeMap<>();
            if (i < l.length() && l.charAt(i) == '{') i = labels(l, i + 1, labels);
            String[] rest = l.substring(i).strip().split("[ \t]+");
            if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) fail("expected a value and an optional timestamp");
            double value = number(rest[0]);
            if (rest.length == 2) {
                try {
                    Long.parseLong(rest[1]);
                } catch (NumberFormatException e) {
                    fail("invalid timestamp '" + rest[1] + "'");
                }
            }
            String family = familyOf(name, labels);
            enter(family);
            if (!series.add(name + labels)) fail("series " + name + labels + " appears twice");
            samples.computeIfAbsent(family, k -> new ArrayList<>()).add(new Sample(name, Map.copyOf(labels), value));
        }

        /** Reads {@code name="value",…}} from {@code i} on; answers the index after the closing brace. */
        private int labels(String l, int i, Map<String, String> into) {
            while (true) {
                if (i >= l.length()) fail("unterminated label set");
                if (l.charAt(i) == '}') return i + 1;
                int eq = l.indexOf('=', i);
                if (eq < 0) fail("label without '='");
                String name = l.substring(i, eq).strip();
                if (!LABEL_NAME.matcher(name).matches()) fail("invalid label name '" + name + "'");
                i = eq + 1;
                if (i >= l.length() || l.charAt(i) != '"') fail("label value of " + name + " not quoted");
                StringBuilder value = new StringBuilder();
                for (i++; ; i++) {
                    if (i >= l.length()) fail("unterminated label value of " + name);
                    char c = l.charAt(i);
                    if (c == '"') break;
                    if (c == '\\') {
                        if (++i >= l.length()) fail("unterminated escape");
                        char e = l.charAt(i);
                        if (e == 'n') value.append('\n');
                        else if (e == '\\' || e == '"') value.append(e);
                        else fail("invalid escape \\" + e + " in a label value");
                    } else {
                        value.append(c);
                    }
                }
                if (into.put(name, value.toString()) != null) fail("label " + name + " twice");
                i++;
                if (i < l.length() && l.charAt(i) == ',') i++;
                else if (i >= l.length() || l.charAt(i) != '}') fail("expected ',' or '}' after the value of " + name);
            }
        }

        /** The family a sample belongs to, by the suffixes its declared type allows. */
        private String familyOf(String name, Map<String, String> labels) {
            for (String suffix : List.of("_bucket", "_sum", "_count", "_total", "_created")) {
                if (!name.endsWith(suffix)) continue;
                String base = name.substring(0, name.length() - suffix.length());
                String type = types.get(base);
                if (type == null) continue;
                boolean belongs = switch (type) {
                    case "histogram" -> !suffix.equals("_total");
                    case "summary" -> !suffix.equals("_bucket") && !suffix.equals("_total");
                    case "counter" -> suffix.equals("_total") || suffix.equals("_created");
                    default -> false;
                };
                if (!belongs) continue;
                if (suffix.equals("_bucket") && !labels.containsKey("le")) fail(name + " without an 'le' label");
                return base;
            }
            String type = types.getOrDefault(name, "untyped");
            if (type.equals("histogram")) fail("histogram " + name + " sample without a _bucket, _sum or _count suffix");
            if (type.equals("summary") && !labels.containsKey("quantile")) fail("summary " + name + " sample without a quantile");
            return name;
        }

        /** A family's lines come in one group: entering another family closes the one before for good. */
        private void enter(String family) {
            if (family.equals(current)) return;
            if (finished.contains(family)) fail("samples of " + family + " are not in one group");
            if (current != null) finished.add(current);
            current = family;
        }

        private void checkHistogram(Family f) {
            Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
            Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
            for (Sample s : f.samples()) {
                Map<String, String> series = new TreeMap<>(s.labels());
                series.remove("le");
                if (s.name().endsWith("_bucket")) buckets.computeIfAbsent(series, k -> new ArrayList<>()).add(s);
                if (s.name().endsWith("_count")) counts.put(series, s.value());
            }
            buckets.forEach((series, bs) -> {
                List<Sample> sorted = bs.stream().sorted((a, b) -> Double.compare(number(a.labels().get("le")), number(b.labels().get("le")))).toList();
                for (int k = 1; k < sorted.size(); k++)
                    if (sorted.get(k).value() < sorted.get(k - 1).value())
                        throw new IllegalArgumentException("histogram " + f.name() + series + ": buckets are not cumulative");
                Sample last = sorted.get(sorted.size() - 1);
                if (!last.labels().get("le").equals("+Inf"))
                    throw new IllegalArgumentException("histogram " + f.name() + series + " has no +Inf bucket");
                if (counts.containsKey(series) && counts.get(series) != last.value())
                    throw new IllegalArgumentException("histogram " + f.name() + series + ": the +Inf bucket differs from the count");
            });
        }

        private double number(String s) {
            return switch (s) {
                case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> {
                    try {
                        yield Double.parseDouble(s);
                    } catch (NumberFormatException e) {
                        fail("invalid number '" + s + "'");
                        yield 0;
                    }
                }
            };
        }

        private static String unescapeHelp(String s) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == 'n' || s.charAt(i + 1) == '\\')) {
                    out.append(s.charAt(++i) == 'n' ? '\n' : '\\');
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        private void fail(String why) {
            throw new IllegalArgumentException("line " + lineNo + ": " + why + ": " + line);
        }
    }
}
