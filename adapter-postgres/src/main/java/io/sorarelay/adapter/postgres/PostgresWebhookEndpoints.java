package io.sorarelay.adapter.postgres;

import io.sorarelay.application.port.out.WebhookEndpointStorePort;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.webhook.WebhookEndpointId;
import io.sorarelay.domain.webhook.WebhookEventType;
import io.sorarelay.domain.webhook.WebhookSigningSecret;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Outbound webhook endpoints and their outbox in {@code webhook_endpoints}, {@code webhook_cursors},
 * {@code webhook_outbox} and {@code webhook_attempts} (V13). Statements in {@code PostgresWebhookEndpoints/*.sql}.
 */
final class PostgresWebhookEndpoints implements WebhookEndpointStorePort {
    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final String INSERT_ENDPOINT = sql("insert-endpoint");
    private static final String START_CURSOR = sql("start-cursor");
    private static final String LIST_BY_OWNER = sql("list-by-owner");
    private static final String FIND = sql("find");
    private static final String DELETE = sql("delete");
    private static final String OWNERS = sql("owners");
    private static final String CURSOR = sql("cursor");
    private static final String ADVANCE_CURSOR = sql("advance-cursor");
    private static final String INSERT_DELIVERY = sql("insert-delivery");
    private static final String CLAIM_DUE = sql("claim-due");
    private static final String SETTLE_DELIVERY = sql("settle-delivery");
    private static final String INSERT_ATTEMPT = sql("insert-attempt");
    private static final String ATTEMPTS = sql("attempts");
    private static final String FORGET_SETTLED = sql("forget-settled");

    private final Database db;

    PostgresWebhookEndpoints(Database db) {
        this.db = db;
    }

    private static String sql(String name) { return SQL.locate(PostgresWebhookEndpoints.class, name); }

    @Override
    public void create(StoredEndpoint e, long cursorIfNew) {
        db.inTransaction(h -> {
            h.createUpdate(INSERT_ENDPOINT).bind("id", e.id().value()).bind("userId", e.owner().value()).bind("url", e.url())
                    .bind("events", e.events().stream().map(WebhookEventType::wire).sorted().toArray(String[]::new))
                    .bind("secret", e.secret().reveal()).bindByType("createdAt", Micros.truncate(e.createdAt()), Instant.class).execute();
            return h.createUpdate(START_CURSOR).bind("userId", e.owner().value()).bind("id", e.id().value()).bind("eventId", cursorIfNew)
                    .execute();
        });
    }

    @Override
    public List<StoredEndpoint> listByOwner(UserId owner) {
        return db.call(h -> h.createQuery(LIST_BY_OWNER).bind("userId", owner.value()).map((rs, ctx) -> endpoint(rs)).list());
    }

    @Override
    public Optional<StoredEndpoint> find(WebhookEndpointId id) {
        return db.call(h -> h.createQuery(FIND).bind("id", id.value()).map((rs, ctx) -> endpoint(rs)).findOne());
    }

    @Override
    public boolean delete(UserId owner, WebhookEndpointId id) {
        return db.call(h -> h.createUpdate(DELETE).bind("id", id.value()).bind("userId", owner.value()).execute()) > 0;
    }

    @Override
    public List<UserId> ownersWithEndpoints() {
        return db.call(h -> h.createQuery(OWNERS).mapTo(String.class).stream().map(UserId::new).toList());
    }

    @Override
    public long cursor(UserId owner) {
        return db.call(h -> h.createQuery(CURSOR).bind("userId", owner.value()).mapTo(Long.class).findOne().orElse(0L));
    }

    @Override
    public int enqueue(UserId owner, List<NewDelivery> deliveries, long upTo) {
        return db.inTransaction(h -> {
            int added = 0;
            if (!deliveries.isEmpty()) {
                PreparedBatch batch = h.prepareBatch(INSERT_DELIVERY);
                for (NewDelivery d : deliveries)
                    batch.bind("endpointId", d.endpoint().value()).bind("messageId", d.messageId()).bind("eventType", d.type().wire())
                            .bind("videoId", d.videoId()).bind("body", d.body())
                            .bindByType("dueAt", Micros.truncate(d.dueAt()), Instant.class).add();
                added = Arrays.stream(batch.execute()).sum();
            }
            h.createUpdate(ADVANCE_CURSOR).bind("userId", owner.value()).bind("upTo", upTo).execute();
            return added;
        });
    }

    @Override
    public List<Delivery> claimDue(Instant now, Instant leaseUntil, int limit) {
        return db.call(h -> h.createQuery(CLAIM_DUE).bindByType("now", Micros.truncate(now), Instant.class)
                .bindByType("leaseUntil", Micros.truncate(leaseUntil), Instant.class).bind("limit", limit)
                .map((rs, ctx) -> new Delivery(rs.getLong("id"), new WebhookEndpointId(rs.getString("endpoint_id")),
                        new UserId(rs.getString("user_id")), rs.getString("message_id"), WebhookEventType.parse(rs.getString("event_type")),
                        rs.getString("video_id"), rs.getString("body"), instant(rs, "due_since"), rs.getInt("attempts"),
                        DeliveryState.valueOf(rs.getString("state"))))
                .list());
    }

    @Override
    public void recordAttempt(Attempt a, DeliveryState next) {
        db.inTransaction(h -> {
            Optional<String> endpoint = h.createQuery(SETTLE_DELIVERY).bind("id", a.deliveryId()).bind("state", next.name())
                    .bindByType("nextRetryAt", a.nextRetryAt().map(Micros::truncate).orElse(null), Instant.class)
                    .mapTo(String.class).findOne();
            if (endpoint.isEmpty()) return 0;   // its endpoint was deleted meanwhile
            return h.createUpdate(INSERT_ATTEMPT).bind("deliveryId", a.deliveryId()).bind("endpointId", endpoint.get())
                    .bind("messageId", a.messageId()).bind("eventType", a.type().wire()).bind("videoId", a.videoId())
                    .bindByType("at", Micros.truncate(a.at()), Instant.class)
                    .bindByType("statusCode", a.statusCode().isPresent() ? a.statusCode().getAsInt() : null, Integer.class)
                    .bindByType("error", a.error().orElse(null), String.class).bind("durationMs", a.duration().toMillis())
                    .bindByType("nextRetryAt", a.nextRetryAt().map(Micros::truncate).orElse(null), Instant.class).execute();
        });
    }

    @Override
    public List<Attempt> attempts(UserId owner, WebhookEndpointId endpoint, int limit) {
        return db.call(h -> h.createQuery(ATTEMPTS).bind("endpointId", endpoint.value()).bind("userId", owner.value()).bind("limit", limit)
                .map((rs, ctx) -> {
                    int status = rs.getInt("status_code");
                    OptionalInt statusCode = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(status);
                    return new Attempt(rs.getLong("delivery_id"), rs.getString("message_id"), WebhookEventType.parse(rs.getString("event_type")),
                            rs.getString("video_id"), instant(rs, "at"), statusCode, Optional.ofNullable(rs.getString("error")),
                            Duration.ofMillis(rs.getLong("duration_ms")), Optional.ofNullable(instant(rs, "next_retry_at")));
                })
                .list());
    }

    @Override
    public int forgetSettledBefore(Instant cutoff) {
        return db.call(h -> h.createUpdate(FORGET_SETTLED).bindByType("cutoff", Micros.truncate(cutoff), Instant.class).execute());
    }

    private static StoredEndpoint endpoint(ResultSet rs) throws SQLException {
        String[] events = (String[]) rs.getArray("events").getArray();
        return new StoredEndpoint(new WebhookEndpointId(rs.getString("id")), new UserId(rs.getString("user_id")), rs.getString("url"),
                Arrays.stream(events).map(WebhookEventType::parse).collect(Collectors.toSet()),
                WebhookSigningSecret.parse(rs.getString("secret")), instant(rs, "created_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
