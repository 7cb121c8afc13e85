package io.sorarelay.application.service;

import io.sorarelay.application.port.in.ManageChannelsUseCase;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.out.AuditLogPort;
import io.sorarelay.application.port.out.ChannelClientsPort;
import io.sorarelay.application.port.out.ChannelStorePort;
import io.sorarelay.application.port.out.ChannelStorePort.StoredChannel;
import io.sorarelay.application.port.out.VideoProvider;
import io.sorarelay.domain.ChannelId;
import io.sorarelay.domain.InvalidValueException;
import io.sorarelay.domain.ModelCatalogue;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.admin.AuditEntry;
import io.sorarelay.domain.channel.Channel;
import io.sorarelay.domain.channel.ChannelSecret;
import io.sorarelay.domain.channel.ProviderKind;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The admin API's channels over the {@link ChannelStorePort}. Each change is a compare-and-set on the channel's version
 * (a concurrent change makes it re-read and apply the request again), is audited (before and after in plain words, the
 * credential never), and is then announced to this node's channel directory ({@code changed}); other nodes see it on
 * their next look at the store's revision.
 */
public final class ChannelAdminService implements ManageChannelsUseCase {
    private static final Problem NOT_FOUND = new Problem.NotFound("channel_not_found", "channel not found");
    private static final int ATTEMPTS = 5;
    /** Shorter credentials show no hint: four characters of a short secret say too much about it. */
    private static final int HINT_MIN_LENGTH = 16;

    private final ChannelStorePort store;
    private final AuditLogPort audit;
    private final ChannelClientsPort clients;
    private final ModelCatalogue catalogue;
    private final int defaultMaxConcurrent;
    private final InstantSource clock;
    private final Runnable changed;

    /**
     * @param defaultMaxConcurrent a new channel's {@code maxConcurrent} when the request gives none
     * @param changed              called after every stored change (this node's directory reloads)
     */
    public ChannelAdminService(ChannelStorePort store, AuditLogPort audit, ChannelClientsPort clients, ModelCatalogue catalogue,
                               int defaultMaxConcurrent, InstantSource clock, Runnable changed) {
        this.store = store;
        this.audit = audit;
        this.clients = clients;
        this.catalogue = catalogue;
        this.defaultMaxConcurrent = defaultMaxConcurrent;
        this.clock = clock;
        this.changed = changed;
    }

    @Override
    public List<ChannelView> list() {
        return store.list().stream().filter(s -> !s.deleted()).map(ChannelAdminService::view).toList();
    }

    @Override
    public Outcome<ChannelView> get(String id) { return live(id).map(ChannelAdminService::view); }

    @Override
    public Outcome<ChannelView> create(UserId actor, ChannelChanges c) {
        Channel channel;
        try {
            ChannelId id = new ChannelId(required(c.id(), "id"));
            channel = new Channel(id, c.name().orElse(id.value()), provider(required(c.provider(), "provider")),
                    required(c.baseUrl(), "baseUrl"), secret(required(c.credential(), "credential")), models(required(c.models(), "models")),
                    c.priority().orElse(0), c.weight().orElse(1), c.maxConcurrent().orElse(defaultMaxConcurrent),
                    c.maxRequestsPerSecond().orElse(0), c.enabled().orElse(true));
            usable(channel);
        } catch (InvalidValueException e) {
            return Outcome.err(new Problem.Invalid(e.field(), e.getMessage()));
        }
        Optional<StoredChannel> stored = store.create(channel, clock.instant());
        if (stored.isEmpty()) return Outcome.err(new Problem.Conflict("channel_exists", "a channel with this id exists (or existed: ids are not reused)"));
        record(actor, "channel.create", channel.id(), "none", describe(channel));
        return Outcome.ok(view(stored.get()));
    }

    @Override
    public Outcome<ChannelView> update(UserId actor, String id, ChannelChanges c) {
        if (c.id().isPresent() && !c.id().get().equals(id)) return Outcome.err(new Problem.Invalid("id", "a channel's id cannot change"));
        return change(actor, id, "channel.update", false, old -> new Channel(old.id(), c.name().orElse(old.name()),
                c.provider().map(this::provider).orElse(old.provider()), c.baseUrl().orElse(old.baseUrl()),
                c.credential().map(ChannelAdminService::secret).orElse(old.credential()), c.models().map(this::models).orElse(old.models()),
                c.priority().orElse(old.priority()), c.weight().orElse(old.weight()), c.maxConcurrent().orElse(old.maxConcurrent()),
                c.maxRequestsPerSecond().orElse(old.maxRequestsPerSecond()), c.enabled().orElse(old.enabled())));
    }

    @Override
    public Outcome<ChannelView> setEnabled(UserId actor, String id, boolean enabled) {
        return change(actor, id, enabled ? "channel.enable" : "channel.disable", false, old -> old.withEnabled(enabled));
    }

    @Override
    public Outcome<ChannelView> delete(UserId actor, String id) {
        return change(actor, id, "channel.delete", true, old -> old.withEnabled(false));
    }

    @Override
    public Outcome<ProbeReport> test(String id) {
        return live(id).map(s -> {
            Instant start = clock.instant();
            String error;
            try {
                error = switch (clients.client(s.channel()).probe()) {
                    case VideoProvider.Result.Ok<Boolean>(Boolean up) -> up ? null : "unavailable";
                    case VideoProvider.Result.Failed<Boolean>(VideoProvider.Failure f) -> errorClass(f);
                };
            } catch (RuntimeException e) {
                error = "misconfigured";
            }
            long millis = Math.max(0, Duration.between(start, clock.instant()).toMillis());
            return new ProbeReport(s.id().value(), error == null, millis, Optional.ofNullable(error));
        });
    }

    /** The class of a failed probe: what an operator checks next, without the upstream's words (which may echo a key). */
    static String errorClass(VideoProvider.Failure f) {
        return switch (f) {
            case VideoProvider.Failure.Transient t -> t.maybeReached() ? "unavailable" : "unreachable";
            case VideoProvider.Failure.RateLimited r -> "rate_limited";
            case VideoProvider.Failure.Misconfigured m -> "unauthorized";
            case VideoProvider.Failure.NotFound n -> "not_found";
            case VideoProvider.Failure.Rejected r -> "rejected";
        };
    }

    private interface Edit {
        Channel apply(Channel old);
    }

    /** Read, edit, compare-and-set; again when another write came first. A change to nothing stores and audits nothing. */
    private Outcome<ChannelView> change(UserId actor, String id, String action, boolean delete, Edit edit) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Outcome<StoredChannel> found = live(id);
            if (!(found instanceof Outcome.Ok<StoredChannel>(StoredChannel old))) return found.map(ChannelAdminService::view);
            Channel next;
            try {
                next = usable(edit.apply(old.channel()));
            } catch (InvalidValueException e) {
                return Outcome.err(new Problem.Invalid(e.field(), e.getMessage()));
            }
            if (next.equals(old.channel()) && !delete) return Outcome.ok(view(old));
            Optional<StoredChannel> stored = store.replace(next, old.version(), delete, clock.instant());
            if (stored.isPresent()) {
                String after = delete ? "deleted" : describe(next)
                        + (next.credential().equals(old.channel().credential()) ? "" : ", credential replaced");
                record(actor, action, next.id(), describe(old.channel()), after);
                return Outcome.ok(view(stored.get()));
            }
        }
        return Outcome.err(new Problem.Conflict("channel_changed", "the channel kept changing; read it again and retry"));
    }

    /**
     * The channel, if its base URL has a host and no {@code user:password@} (a secret in a field that gets logged) and its
     * protocol's adapter can be made from it (Kling's credential is two keys, for one).
     */
    private Channel usable(Channel c) {
        java.net.URI url;
        try {
            url = new java.net.URI(c.baseUrl());
        } catch (java.net.URISyntaxException e) {
            throw new InvalidValueException("baseUrl", "baseUrl is not a URL");
        }
        if (url.getRawUserInfo() != null)
            throw new InvalidValueException("baseUrl", "baseUrl must not carry credentials (user:password@); send the key as the credential");
        if (url.getHost() == null) throw new InvalidValueException("baseUrl", "baseUrl must be an http:// or https:// URL with a host");
        try {
            clients.client(c);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("credential", "the credential does not fit provider " + c.provider().wireName());
        }
        return c;
    }

    private Outcome<StoredChannel> live(String id) {
        try {
            return store.find(new ChannelId(id)).filter(s -> !s.deleted())
                    .<Outcome<StoredChannel>>map(Outcome::ok).orElseGet(() -> Outcome.err(NOT_FOUND));
        } catch (InvalidValueException e) {
            return Outcome.err(NOT_FOUND);
        }
    }

    private void record(UserId actor, String action, ChannelId target, String before, String after) {
        audit.append(new AuditEntry.Draft(clock.instant(), actor, action, target.value(), before, after, ""));
        changed.run();
    }

    private ProviderKind provider(String name) {
        ProviderKind kind = ProviderKind.fromWireName(name).orElseThrow(() -> new InvalidValueException("provider",
                "unknown provider '" + name + "'; known: " + java.util.Arrays.stream(ProviderKind.values()).map(ProviderKind::wireName).toList()));
        if (!clients.supports(kind)) throw new InvalidValueException("provider", "this build cannot speak provider '" + name + "' yet");
        return kind;
    }

    private static ChannelSecret secret(String value) {
        if (value.isBlank()) throw new InvalidValueException("credential", "credential must not be empty");
        return new ChannelSecret("admin API", value);
    }

    private java.util.Map<String, String> models(java.util.Map<String, String> models) {
        for (String model : models.keySet())
            if (catalogue.find(model).isEmpty())
                throw new InvalidValueException("models", "model '" + model + "' is not in the catalogue; known: " + catalogue.models().stream().map(m -> m.name()).toList());
        return models;
    }

    private static <T> T required(Optional<T> value, String field) {
        return value.orElseThrow(() -> new InvalidValueException(field, field + " is required"));
    }

    /** A channel in a few plain words for the audit log: everything but the credential, which is named by its source only. */
    static String describe(Channel c) {
        return c.provider().wireName() + " " + c.baseUrl() + ", models " + new TreeMap<>(c.models()) + ", priority " + c.priority()
                + ", weight " + c.weight() + ", maxConcurrent " + c.maxConcurrent() + ", maxRequestsPerSecond " + c.maxRequestsPerSecond()
                + ", " + (c.enabled() ? "enabled" : "disabled") + ", credential from " + c.credential().source();
    }

    static ChannelView view(StoredChannel s) {
        Channel c = s.channel();
        String secret = c.credential().reveal();
        Optional<String> hint = secret.length() >= HINT_MIN_LENGTH ? Optional.of(secret.substring(secret.length() - 4)) : Optional.empty();
        return new ChannelView(c.id().value(), c.name(), c.provider().wireName(), c.baseUrl(), true, hint, c.models(), c.priority(),
                c.weight(), c.maxConcurrent(), c.maxRequestsPerSecond(), c.enabled(), s.deleted(), s.version(), s.updatedAt());
    }
}
