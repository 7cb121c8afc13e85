package io.sorarelay.adapter.http;

import io.javalin.http.Context;
import io.sorarelay.application.port.in.IssueSseTicketUseCase;
import io.sorarelay.application.port.in.RedeemSseTicketUseCase;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code /api/sse}: tickets, the task-update stream and its counts. A browser's EventSource cannot send headers, so a
 * stream also opens with a single-use ticket, or (when allowed) a token in the query string.
 */
final class SseRoutes {
    private final IssueSseTicketUseCase issue;
    private final RedeemSseTicketUseCase redeem;
    private final SseHub hub;
    private final BearerAuth auth;
    private final Envelope envelope;
    private final boolean allowQueryToken;
    private final Set<String> adminUsers;

    SseRoutes(IssueSseTicketUseCase issue, RedeemSseTicketUseCase redeem, SseHub hub, BearerAuth auth, Envelope envelope,
              boolean allowQueryToken, Set<String> adminUsers) {
        this.issue = issue;
        this.redeem = redeem;
        this.hub = hub;
        this.auth = auth;
        this.envelope = envelope;
        this.allowQueryToken = allowQueryToken;
        this.adminUsers = Set.copyOf(adminUsers);
    }

    void register(Router r) {
        r.post("/api/sse/tickets", this::ticket);
        r.get("/api/sse/task-updates", this::stream);
        r.get("/api/sse/stats", this::stats);
    }

    private void ticket(Context ctx) {
        IssueSseTicketUseCase.Ticket t = issue.issue(auth.caller(ctx).id());
        envelope.ok(ctx, 201, Map.of("ticket", t.value(), "expiresAt", t.expiresAt().toString()));
    }

    private void stream(Context ctx) throws IOException {
        JwtTokens.Caller who = streamCaller(ctx);
        AccessLog.identify(ctx, who.id());
        OptionalLong last = OptionalLong.empty();
        String header = Optional.ofNullable(ctx.header("Last-Event-ID")).orElse(ctx.queryParam("lastEventId"));
        if (header != null && !header.isBlank()) {
            try {
                last = OptionalLong.of(Long.parseLong(header.strip()));
            } catch (NumberFormatException e) {
                throw ApiException.invalid("Last-Event-ID", "Last-Event-ID must be a number");
            }
        }
        hub.serve(ctx, who.id(), last);
    }

    private JwtTokens.Caller streamCaller(Context ctx) {
        String ticket = ctx.queryParam("ticket");
        if (ticket != null) {
            return redeem.redeem(ticket).map(id -> new JwtTokens.Caller(id, ""))
                    .orElseThrow(() -> ApiException.unauthorized("the ticket is invalid, used or expired"));
        }
        String token = ctx.queryParam("token");
        if (token != null && ctx.header("Authorization") == null) {
            if (!allowQueryToken) throw ApiException.unauthorized("tokens in the query string are disabled; use a ticket");
            return auth.verified(token);
        }
        return auth.caller(ctx);
    }

    private void stats(Context ctx) {
        JwtTokens.Caller who = auth.caller(ctx);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("yourStreams", hub.streamsOf(who.id()));
        if (adminUsers.contains(who.username())) data.put("totalStreams", hub.totalStreams());
        envelope.ok(ctx, 200, data);
    }
}
