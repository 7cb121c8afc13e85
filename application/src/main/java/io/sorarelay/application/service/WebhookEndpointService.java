package io.sorarelay.application.service;

import io.sorarelay.application.port.in.DeleteWebhookEndpointUseCase;
import io.sorarelay.application.port.in.ListWebhookDeliveriesUseCase;
import io.sorarelay.application.port.in.ListWebhookEndpointsUseCase;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.in.RegisterWebhookEndpointUseCase;
import io.sorarelay.application.port.in.WebhookAttemptView;
import io.sorarelay.application.port.in.WebhookEndpointView;
import io.sorarelay.application.port.out.TaskEventLogPort;
import io.sorarelay.application.port.out.WebhookEndpointStorePort;
import io.sorarelay.application.port.out.WebhookEndpointStorePort.StoredEndpoint;
import io.sorarelay.application.port.out.WebhookTargetPolicyPort;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.webhook.WebhookEndpointId;
import io.sorarelay.domain.webhook.WebhookEventType;
import io.sorarelay.domain.webhook.WebhookSigningSecret;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Registers, lists and deletes our users' outbound webhook endpoints, and lists their delivery attempts. */
public final class WebhookEndpointService implements RegisterWebhookEndpointUseCase, ListWebhookEndpointsUseCase,
        DeleteWebhookEndpointUseCase, ListWebhookDeliveriesUseCase {
    static final int MAX_URL_LENGTH = 2000;
    private static final int ATTEMPTS_LISTED = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookEndpointStorePort store;
    private final TaskEventLogPort eventLog;
    private final WebhookTargetPolicyPort policy;
    private final InstantSource clock;
    private final WebhookSettings settings;

    public WebhookEndpointService(WebhookEndpointStorePort store, TaskEventLogPort eventLog, WebhookTargetPolicyPort policy,
                                  InstantSource clock, WebhookSettings settings) {
        this.store = store;
        this.eventLog = eventLog;
        this.policy = policy;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public Outcome<RegisteredEndpoint> register(RegisterWebhookCommand c) {
        URI target;
        try {
            target = target(c.url());
        } catch (IllegalArgumentException e) {
            return Outcome.err(new Problem.Invalid("url", e.getMessage()));
        }
        Optional<String> refused = policy.refusal(target);
        if (refused.isPresent()) return Outcome.err(new Problem.Invalid("url", refused.get()));
        if (store.listByOwner(c.owner()).size() >= settings.maxEndpointsPerUser())
            return Outcome.err(new Problem.Conflict("too_many_webhooks",
                    "at most " + settings.maxEndpointsPerUser() + " webhook endpoints per user; delete one first"));
        byte[] key = new byte[WebhookSigningSecret.KEY_BYTES];
        RANDOM.nextBytes(key);
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        Set<WebhookEventType> events = c.events().isEmpty() ? WebhookEventType.all() : c.events();
        StoredEndpoint e = new StoredEndpoint(new WebhookEndpointId(WebhookEndpointId.PREFIX + HexFormat.of().formatHex(id)), c.owner(),
                target.toString(), events, WebhookSigningSecret.fromKey(key), clock.instant());
        store.create(e, eventLog.lastEventId(c.owner()));
        return Outcome.ok(new RegisteredEndpoint(view(e), e.secret()));
    }

    /** An absolute http(s) URL with a host, no credentials and no fragment; the scheme and host in lower case. */
    static URI target(String url) {
        if (url.isBlank()) throw new IllegalArgumentException("url is required");
        if (url.length() > MAX_URL_LENGTH) throw new IllegalArgumentException("url is longer than " + MAX_URL_LENGTH + " characters");
        URI u;
        try {
            u = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a valid URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) throw new IllegalArgumentException("url must be http or https");
        if (u.getHost() == null || u.getHost().isEmpty()) throw new IllegalArgumentException("url must name a host");
        if (u.getRawUserInfo() != null) throw new IllegalArgumentException("url must not carry credentials");
        if (u.getRawFragment() != null) throw new IllegalArgumentException("url must not have a fragment");
        try {
            return new URI(scheme, null, u.getHost().toLowerCase(Locale.ROOT), u.getPort(), u.getPath(), u.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a valid URL");
        }
    }

    @Override
    public List<WebhookEndpointView> list(UserId owner) {
        return store.listByOwner(owner).stream().map(WebhookEndpointService::view).toList();
    }

    @Override
    public Outcome<WebhookEndpointId> delete(UserId owner, WebhookEndpointId id) {
        return store.delete(owner, id) ? Outcome.ok(id) : Outcome.err(notFound());
    }

    @Override
    public Outcome<List<WebhookAttemptView>> deliveries(UserId owner, WebhookEndpointId id) {
        if (store.find(id).filter(e -> e.owner().equals(owner)).isEmpty()) return Outcome.err(notFound());
        return Outcome.ok(store.attempts(owner, id, ATTEMPTS_LISTED).stream()
                .map(a -> new WebhookAttemptView(a.messageId(), a.type(), a.videoId(), a.at(), a.statusCode(), a.error(), a.duration(),
                        a.nextRetryAt()))
                .toList());
    }

    private static Problem notFound() {
        return new Problem.NotFound("webhook_not_found", "webhook endpoint not found");
    }

    private static WebhookEndpointView view(StoredEndpoint e) {
        return new WebhookEndpointView(e.id(), e.url(), e.events(), e.createdAt());
    }
}
