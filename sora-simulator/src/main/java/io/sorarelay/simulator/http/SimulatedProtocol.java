package io.sorarelay.simulator.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * One upstream protocol the simulator speaks (OpenAI Videos today; Runway, Veo, Wan… as sibling packages).
 * The server owns what every protocol shares (counting, fault injection, then authentication, in that order,
 * before any of the protocol's handlers); the protocol owns its routes, its credentials and its error bodies.
 */
public interface SimulatedProtocol {

    /** The path its routes live under, e.g. {@code /v1}; faults and request counters apply below it. */
    String pathPrefix();

    /** Registers its routes (and its own exception mappers) on the server. */
    void mount(RoutesConfig routes);

    /** Whether the request carries this protocol's credentials. */
    boolean authorized(Context ctx);

    /** Answers a request refused before it reached the protocol (a wrong key, an injected fault) in the protocol's error shape. */
    void refuse(Context ctx, Refusal refusal);
}
