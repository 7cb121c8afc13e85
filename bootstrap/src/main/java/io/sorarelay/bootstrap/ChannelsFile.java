package io.sorarelay.bootstrap;

import com.fasterxml.jackson.core.JsonToken;
import io.sorarelay.bootstrap.LocatedTree.Entry;
import io.sorarelay.bootstrap.LocatedTree.Mapping;
import io.sorarelay.bootstrap.LocatedTree.Node;
import io.sorarelay.bootstrap.LocatedTree.Scalar;
import io.sorarelay.bootstrap.LocatedTree.Sequence;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.InvalidValueException;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.ModelDefinition;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ChannelSecret;
import io.sorarelay.domain.channel.ProviderKind;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code CHANNELS_FILE}: the upstream accounts, read and validated once at start (docs/channels.md).
 * Every error names the file, the line and the field; none repeats a secret's value.
 */
final class ChannelsFile {
    static final String VARIABLE = "CHANNELS_FILE";
    private static final List<String> FIELDS = List.of("id", "name", "provider", "baseUrl", "apiKey", "models", "priority",
            "weight", "maxConcurrent", "maxRequestsPerSecond", "enabled");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final String file;
    private final Map<String, String> env;
    private final ModelCatalogue catalogue;
    private final int defaultMaxConcurrent;

    private ChannelsFile(String file, Map<String, String> env, ModelCatalogue catalogue, int defaultMaxConcurrent) {
        this.file = file;
        this.env = env;
        this.catalogue = catalogue;
        this.defaultMaxConcurrent = defaultMaxConcurrent;
    }

    /** The channels of the file; YAML unless its name ends in {@code .json}. */
    static List<Channel> load(Path path, Map<String, String> env, ModelCatalogue catalogue, int defaultMaxConcurrent) {
        ChannelsFile f = new ChannelsFile(path.toString(), env, catalogue, defaultMaxConcurrent);
        boolean yaml = !path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        try (var in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return f.channels(LocatedTree.read(in, yaml));
        } catch (IOException e) {
            throw new ConfigException(VARIABLE + ": cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        } catch (LocatedTree.SyntaxError e) {
            throw f.error(e.line, "", e.getMessage());
        }
    }

    /** With no {@code CHANNELS_FILE}: the one channel that {@code SORA_API_BASE} and {@code SORA_API_KEY} make, as before channels. */
    static List<Channel> fromSoraApi(Optional<URI> base, Optional<String> key, ModelCatalogue catalogue, int maxConcurrent,
                                     int ratePerSecond) {
        if (base.isEmpty() || key.isEmpty()) return List.of();
        Map<String, String> models = new LinkedHashMap<>();
        for (ModelDefinition m : catalogue.models())
            if (m.provider().equals(ModelCatalogue.DEFAULT_PROVIDER)) models.put(m.name(), m.name());
        return List.of(new Channel(ChannelId.DEFAULT, ChannelId.DEFAULT.value(), ProviderKind.OPENAI_COMPATIBLE, base.get().toString(),
                new ChannelSecret("SORA_API_KEY", key.get()), models, 0, 1, maxConcurrent, ratePerSecond, true));
    }

    private List<Channel> channels(Node root) {
        Mapping top = mapping(root, "");
        for (Entry e : top.entries().values())
            if (!e.key().equals("channels")) throw error(e.line(), e.key(), "unknown field; the file has one field, 'channels'");
        Entry list = Optional.ofNullable(top.entries().get("channels")).orElseThrow(() -> error(top.line(), "channels", "is required"));
        if (!(list.value() instanceof Sequence items) || items.items().isEmpty())
            throw error(list.line(), "channels", "must be a non-empty list of channels");
        List<Channel> out = new ArrayList<>();
        Map<ChannelId, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.items().size(); i++) {
            Node item = items.items().get(i);
            Channel c = channel(item, "channels[" + i + "]");
            Integer before = seen.putIfAbsent(c.id(), item.line());
            if (before != null)
                throw error(item.line(), "channels[" + i + "].id", "'" + c.id() + "' is already the id of the channel at line " + before);
            out.add(c);
        }
        return List.copyOf(out);
    }

    private Channel channel(Node node, String path) {
        Mapping m = mapping(node, path);
        for (Entry e : m.entries().values())
            if (!FIELDS.contains(e.key()))
                throw error(e.line(), path + "." + e.key(), "unknown field; a channel has " + String.join(", ", FIELDS));
        Entry idEntry = required(m, path, "id");
        ChannelId id;
        try {
            id = new ChannelId(text(idEntry, path));
        } catch (InvalidValueException e) {
            throw error(idEntry.line(), path + ".id", e.getMessage());
        }
        Entry providerEntry = required(m, path, "provider");
        String providerName = text(providerEntry, path);
        ProviderKind provider = ProviderKind.fromWireName(providerName).orElseThrow(() -> error(providerEntry.line(), path + ".provider",
                "unknown provider '" + providerName + "'; known: "
                        + String.join(", ", Arrays.stream(ProviderKind.values()).map(ProviderKind::wireName).toList())));
        String baseUrl = baseUrl(required(m, path, "baseUrl"), path);
        ChannelSecret secret = secret(required(m, path, "apiKey"), path);
        Map<String, String> models = models(required(m, path, "models"), path);
        String name = optional(m, "name").map(e -> text(e, path)).orElse(id.value());
        int priority = optional(m, "priority").map(e -> integer(e, path, -1_000_000, 1_000_000)).orElse(0);
        int weight = optional(m, "weight").map(e -> integer(e, path, 1, Channel.MAX_WEIGHT)).orElse(1);
        int maxConcurrent = optional(m, "maxConcurrent").map(e -> integer(e, path, 1, 100_000)).orElse(defaultMaxConcurrent);
        int rate = optional(m, "maxRequestsPerSecond").map(e -> integer(e, path, 0, 100_000)).orElse(0);
        boolean enabled = optional(m, "enabled").map(e -> bool(e, path)).orElse(true);
        try {
            return new Channel(id, name, provider, baseUrl, secret, models, priority, weight, maxConcurrent, rate, enabled);
        } catch (InvalidValueException e) {
            Entry at = m.entries().getOrDefault(e.field(), idEntry);
            throw error(at.line(), path + "." + e.field(), e.getMessage());
        }
    }

    private String baseUrl(Entry e, String path) {
        String value = text(e, path);
        String field = path + ".baseUrl";
        URI u;
        try {
            u = new URI(value);
        } catch (java.net.URISyntaxException ex) {
            throw error(e.line(), field, "is not a URL");
        }
        // A user:password@ part would be a secret in a field that gets logged: it belongs in apiKey.
        if (u.getRawUserInfo() != null) throw error(e.line(), field, "must not carry credentials (user:password@); put the key in apiKey");
        if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null)
            throw error(e.line(), field, "must be an http:// or https:// URL with a host");
        return value;
    }

    private ChannelSecret secret(Entry e, String path) {
        String value = text(e, path);
        Matcher ref = ENV_REFERENCE.matcher(value);
        if (ref.matches()) {
            String variable = ref.group(1);
            String resolved = env.get(variable);
            if (resolved == null || resolved.isBlank())
                throw error(e.line(), path + ".apiKey", "environment variable " + variable + " is not set");
            return new ChannelSecret("${" + variable + "}", resolved.strip());
        }
        if (value.contains("${")) throw error(e.line(), path + ".apiKey", "a reference must be the whole value, as ${NAME}");
        return new ChannelSecret("inline", value);
    }

    private Map<String, String> models(Entry e, String path) {
        String field = path + ".models";
        Map<String, String> out = new LinkedHashMap<>();
        switch (e.value()) {
            case Mapping map -> map.entries().values().forEach(m -> out.put(known(m.key(), m.line(), field), text(m, field)));
            case Sequence list -> {
                for (Node n : list.items()) {
                    String name = scalarText(n, field, "a model name");
                    if (out.put(known(name, n.line(), field), name) != null) throw error(n.line(), field, "'" + name + "' appears twice");
                }
            }
            case Scalar s -> throw error(e.line(), field, "must be a list of model names or a map of model → the provider's name");
        }
        if (out.isEmpty()) throw error(e.line(), field, "must name at least one model");
        return out;
    }

    private String known(String model, int line, String field) {
        if (catalogue.find(model).isEmpty())
            throw error(line, field, "model '" + model + "' is not in the catalogue; known: "
                    + String.join(", ", catalogue.models().stream().map(ModelDefinition::name).toList()));
        return model;
    }

    private Mapping mapping(Node n, String path) {
        if (n instanceof Mapping m) return m;
        throw error(n.line(), path, "must be a mapping of fields");
    }

    private Entry required(Mapping m, String path, String field) {
        return optional(m, field).orElseThrow(() -> error(m.line(), path + "." + field, "is required"));
    }

    private static Optional<Entry> optional(Mapping m, String field) {
        return Optional.ofNullable(m.entries().get(field));
    }

    private String text(Entry e, String path) {
        return scalarText(e.value(), path.isEmpty() ? e.key() : path + "." + e.key(), "text");
    }

    private String scalarText(Node n, String field, String what) {
        if (n instanceof Scalar s && s.text() != null && !s.text().isBlank()
                && (s.token() == JsonToken.VALUE_STRING || s.token() == JsonToken.VALUE_NUMBER_INT)) return s.text().strip();
        throw error(n.line(), field, "must be " + what);
    }

    private int integer(Entry e, String path, int min, int max) {
        String field = path + "." + e.key();
        if (e.value() instanceof Scalar s && s.token() == JsonToken.VALUE_NUMBER_INT) {
            try {
                int v = Integer.parseInt(s.text());
                if (v >= min && v <= max) return v;
            } catch (NumberFormatException ignored) {
                // out of int's range: reported below like any other out-of-range value
            }
        }
        throw error(e.line(), field, "must be a whole number from " + min + " to " + max);
    }

    private boolean bool(Entry e, String path) {
        if (e.value() instanceof Scalar s && (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE))
            return s.token() == JsonToken.VALUE_TRUE;
        throw error(e.line(), path + "." + e.key(), "must be true or false");
    }

    private ConfigException error(int line, String field, String message) {
        return new ConfigException(VARIABLE + " " + file + ", line " + line + (field.isEmpty() ? "" : ", " + field) + ": " + message);
    }
}
