package io.sorarelay.adapter.redis;

import io.sorarelay.application.port.out.SseTicketPort;
import io.sorarelay.domain.UserId;
import redis.clients.jedis.params.SetParams;

import java.time.Duration;
import java.util.Optional;

/** Single-use tickets shared by every node: {@code SET … PX ttl}, redeemed with {@code GETDEL}. */
final class RedisSseTickets implements SseTicketPort {
    private final RedisAdapter redis;
    private final String prefix;

    RedisSseTickets(RedisAdapter redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix + "ticket:";
    }

    @Override public void store(String ticket, UserId owner, Duration ttl) {
        redis.call(() -> redis.redis().set(prefix + ticket, owner.value(), SetParams.setParams().px(ttl.toMillis())));
    }

    @Override public Optional<UserId> redeem(String ticket) {
        return Optional.ofNullable(redis.call(() -> redis.redis().getDel(prefix + ticket))).map(UserId::new);
    }
}
